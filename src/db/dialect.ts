import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The ONLY place that knows SQLite and PostgreSQL differ. Everything else asks here.
 */
export type DialectName = 'sqlite' | 'postgres';

/** JSON columns: SQLite returns text, pg returns the parsed value. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** pg returns bigint and numeric (e.g. `count(*)`) as strings; SQLite returns numbers. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** What migrations may vary by dialect. Migrations take this instead of importing app code. */
export interface MigrationContext {
  dialect: DialectName;
  /** column type for JSON documents: text on SQLite, jsonb on PostgreSQL */
  jsonType: 'text' | 'jsonb';
}

export function migrationContext(dialect: DialectName): MigrationContext {
  return { dialect, jsonType: dialect === 'postgres' ? 'jsonb' : 'text' };
}

/** Cheap round trip used by /readyz. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
