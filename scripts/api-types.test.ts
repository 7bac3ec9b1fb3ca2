import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from './api-types.ts';

describe('console API types', () => {
  it('are generated from the OpenAPI document buildApp serves (run `npm run api:types` when this fails)', async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === fresh, 'web/src/api/schema.d.ts is out of date: run `npm run api:types`').toBe(true);
  });
});
