import { type Kysely, type RawBuilder, sql } from 'kysely';
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
  /**
   * column type for names and keys that are sorted and paged by (appids, names): byte order on both
   * databases (SQLite compares text bytewise; PostgreSQL's default collation may not, e.g. en_US
   * ignores '-' at the first level), so keyset pages come out the same everywhere.
   */
  keyType: RawBuilder<unknown> | 'text';
}

export function migrationContext(dialect: DialectName): MigrationContext {
  return dialect === 'postgres'
    ? { dialect, jsonType: 'jsonb', keyType: sql`text collate "C"` }
    : { dialect, jsonType: 'text', keyType: 'text' };
}

/** Cheap round trip used by /readyz. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * A condition: the JSON object in `column` has the top-level key `key`
 * (jsonb's `?` on PostgreSQL, json_each on SQLite).
 */
export function jsonHasKey(dialect: DialectName, column: string, key: string): RawBuilder<boolean> {
  return dialect === 'postgres'
    ? sql<boolean>`(${sql.ref(column)} ? ${key})`
    : sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where json_each.key = ${key})`;
}
