import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/app.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildServices } from '../src/services.ts';

/** Where the console's generated API types live (committed). */
export const SCHEMA_FILE = resolve(fileURLToPath(import.meta.url), '../../web/src/api/schema.d.ts');

const HEADER = `/**
 * Generated from the OpenAPI document that buildApp serves (/api/v1/openapi.json).
 * Do not edit: run \`npm run api:types\`. A test fails when this file is out of date.
 */

`;

/** The OpenAPI document exactly as the server publishes it, built in process over an empty in-memory database. */
export async function openapiDocument(): Promise<Record<string, unknown>> {
  const handle = connectDatabase({ sqlitePath: ':memory:' });
  try {
    await migrateToLatest(handle);
    const app = await buildApp(buildServices(handle), { logLevel: 'silent' });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      return res.json();
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
  }
}

/** TypeScript declarations (openapi-typescript) for the served document. */
export async function generateApiTypes(): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript takes its own OpenAPI3 type; the document is JSON
  const ast = await openapiTS((await openapiDocument()) as any);
  return HEADER + astToString(ast);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, await generateApiTypes());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
