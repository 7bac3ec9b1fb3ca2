import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
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

/** A column of a bulk insert, with the PostgreSQL type its values are sent as. */
export interface BulkColumn {
  name: string;
  /** int8 values may be bigint (money in micro-units) */
  pg: 'text' | 'integer' | 'float8' | 'jsonb' | 'int8';
}

/** Inserts many rows at once inside the caller's transaction. Values follow `columns` in order. */
export type BulkInsert = (tx: Kysely<Database>, table: string, columns: BulkColumn[], rows: unknown[][]) => Promise<void>;

/** Rows per PostgreSQL statement: unnest takes one array per column, so 10k rows is 1 round trip. */
const PG_BULK_ROWS = 10_000;

/**
 * The bulk insert for hot paths (resource registration, bill ingestion). Through Kysely a 10k-row
 * registration spent most of its time building and preparing large multi-row statements (probe:
 * 550 ms of 3.7 s in `prepare`, plus GC); instead:
 * - SQLite: one statement prepared once per table/columns and run per row. better-sqlite3 is
 *   synchronous on the transaction's single connection, so the rows land inside the caller's
 *   Kysely transaction.
 * - PostgreSQL: `INSERT … SELECT * FROM unnest($1::text[], $2::int[], …)`: one statement and one
 *   round trip per 10k rows, with no per-row parameters to parse.
 */
export function bulkInserter(dialect: DialectName, sqlite?: { prepare(sql: string): { run(...params: unknown[]): unknown } }): BulkInsert {
  if (dialect === 'sqlite') {
    if (!sqlite) throw new Error('bulkInserter needs the better-sqlite3 connection');
    const statements = new Map<string, { run(...params: unknown[]): unknown }>();
    return async (_tx, table, columns, rows) => {
      const names = columns.map((c) => c.name);
      const key = `${table}(${names.join(',')})`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = sqlite.prepare(
          `insert into "${table}" (${names.map((n) => `"${n}"`).join(', ')}) values (${names.map(() => '?').join(', ')})`,
        );
        statements.set(key, stmt);
      }
      for (const row of rows) stmt.run(...row);
    };
  }
  return async (tx, table, columns, rows) => {
    for (let i = 0; i < rows.length; i += PG_BULK_ROWS) {
      const chunk = rows.slice(i, i + PG_BULK_ROWS);
      const arrays = columns.map((c, j) => sql`${pgArray(chunk, j)}::${sql.raw(c.pg === 'jsonb' ? 'text' : c.pg)}[]`);
      const select = columns.map((c, j) => (c.pg === 'jsonb' ? sql`${sql.ref(`c${j}`)}::jsonb` : sql.ref(`c${j}`)));
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
        select ${sql.join(select)} from unnest(${sql.join(arrays)}) as t(${sql.join(columns.map((_, j) => sql.ref(`c${j}`)))})`.execute(tx);
    }
  };
}

/** Column j of `rows` as a pg array parameter; bigints go as text (pg's array serializer does not take them). */
function pgArray(rows: unknown[][], j: number): unknown[] {
  return rows.map((r) => {
    const v = r[j];
    return typeof v === 'bigint' ? v.toString() : (v ?? null);
  });
}

/**
 * Adds amounts into a roll-up table: for each row, insert it, or when a row with the same `keys`
 * exists, add its `add` columns to that row's. Rows must have distinct keys (aggregate first: on
 * PostgreSQL one statement may not update a row twice). Values follow `[...keys, ...add]` in order.
 */
export type BulkAdd = (tx: Kysely<Database>, table: string, keys: BulkColumn[], add: BulkColumn[], rows: unknown[][]) => Promise<void>;

/** The `BulkAdd` for hot paths: a prepared upsert per row on SQLite, `INSERT … SELECT unnest … ON CONFLICT` on PostgreSQL. */
export function bulkAdder(dialect: DialectName, sqlite?: { prepare(sql: string): { run(...params: unknown[]): unknown } }): BulkAdd {
  const upsertTail = (table: string, keys: BulkColumn[], add: BulkColumn[]) =>
    `on conflict (${keys.map((k) => `"${k.name}"`).join(', ')}) do update set ${add
      .map((a) => `"${a.name}" = "${table}"."${a.name}" + excluded."${a.name}"`)
      .join(', ')}`;
  if (dialect === 'sqlite') {
    if (!sqlite) throw new Error('bulkAdder needs the better-sqlite3 connection');
    const statements = new Map<string, { run(...params: unknown[]): unknown }>();
    return async (_tx, table, keys, add, rows) => {
      const columns = [...keys, ...add];
      const key = `${table}(${columns.map((c) => c.name).join(',')})`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = sqlite.prepare(
          `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values (${columns.map(() => '?').join(', ')}) ${upsertTail(table, keys, add)}`,
        );
        statements.set(key, stmt);
      }
      for (const row of rows) stmt.run(...row);
    };
  }
  return async (tx, table, keys, add, rows) => {
    const columns = [...keys, ...add];
    for (let i = 0; i < rows.length; i += PG_BULK_ROWS) {
      const chunk = rows.slice(i, i + PG_BULK_ROWS);
      const arrays = columns.map((c, j) => sql`${pgArray(chunk, j)}::${sql.raw(c.pg === 'jsonb' ? 'text' : c.pg)}[]`);
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
        select * from unnest(${sql.join(arrays)}) ${sql.raw(upsertTail(table, keys, add))}`.execute(tx);
    }
  };
}

/**
 * A derived table `(c0, c1, …)` of the given rows of text, to join against in one statement
 * instead of one query per key: `json_each` over one JSON parameter on SQLite, `unnest` of one
 * array per column on PostgreSQL.
 */
export function textRows(dialect: DialectName, width: number, rows: string[][]): RawBuilder<unknown> {
  const names = Array.from({ length: width }, (_, j) => `c${j}`);
  if (dialect === 'postgres') {
    const arrays = names.map((_, j) => sql`${rows.map((r) => r[j] ?? null)}::text[]`);
    return sql`(select * from unnest(${sql.join(arrays)}) as t(${sql.join(names.map((n) => sql.ref(n)))}))`;
  }
  const cols = names.map((n, j) => sql`json_extract(value, ${`$[${j}]`}) as ${sql.ref(n)}`);
  return sql`(select ${sql.join(cols)} from json_each(${JSON.stringify(rows)}))`;
}

/** `sum(expr)` of an integer money column as exact decimal text (never through a double). */
export function sumAsText(dialect: DialectName, expr: RawBuilder<unknown>): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`sum(${expr})::text` : sql<string>`cast(sum(${expr}) as text)`;
}

/**
 * Holds off writers of `table` until the caller's transaction ends (PostgreSQL `LOCK … IN SHARE
 * MODE`; several holders may share it). SQLite needs nothing: its transactions are already
 * serialized on the one connection.
 */
export async function lockAgainstWriters(dialect: DialectName, tx: Kysely<Database>, table: string): Promise<void> {
  if (dialect === 'postgres') await sql`lock table ${sql.table(table)} in share mode`.execute(tx);
}

/**
 * Whether `err` means "run the transaction again": a deadlock or serialization failure on
 * PostgreSQL (40P01, 40001), or SQLite busy. Nothing of the failed attempt was kept.
 */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

/** Whether `err` is a unique-constraint violation (pg 23505, SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Locks the rows a select returns for the rest of the transaction and skips rows another
 * transaction holds (`FOR UPDATE SKIP LOCKED`), so concurrent workers on PostgreSQL take disjoint
 * rows. SQLite has no row locks: its single writer already serializes workers, so the query is
 * returned unchanged.
 */
export function forUpdateSkipLocked<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Inserts rows that are new and skips those that hit a unique key (`ON CONFLICT DO NOTHING`),
 * returning for each row whether it was inserted. `key` names a column whose values are distinct
 * among `rows`: PostgreSQL reports the inserted rows by it (RETURNING), SQLite by each statement's
 * change count. Lets a caller learn "already there" from the insert itself instead of a lookup of
 * every key first (which cost as much as the insert on the bill ingestion path).
 */
export type BulkInsertNew = (
  tx: Kysely<Database>,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
  key: string,
) => Promise<boolean[]>;

export function bulkNewInserter(
  dialect: DialectName,
  sqlite?: { prepare(sql: string): { run(...params: unknown[]): { changes: number } } },
): BulkInsertNew {
  if (dialect === 'sqlite') {
    if (!sqlite) throw new Error('bulkNewInserter needs the better-sqlite3 connection');
    const statements = new Map<string, { run(...params: unknown[]): { changes: number } }>();
    return async (_tx, table, columns, rows) => {
      const names = columns.map((c) => c.name);
      const id = `${table}(${names.join(',')})`;
      let stmt = statements.get(id);
      if (!stmt) {
        stmt = sqlite.prepare(
          `insert into "${table}" (${names.map((n) => `"${n}"`).join(', ')}) values (${names.map(() => '?').join(', ')}) on conflict do nothing`,
        );
        statements.set(id, stmt);
      }
      return rows.map((row) => stmt.run(...row).changes === 1);
    };
  }
  return async (tx, table, columns, rows, key) => {
    const k = columns.findIndex((c) => c.name === key);
    if (k < 0) throw new Error(`bulkNewInserter: no column ${key}`);
    const inserted = new Set<unknown>();
    for (let i = 0; i < rows.length; i += PG_BULK_ROWS) {
      const chunk = rows.slice(i, i + PG_BULK_ROWS);
      const arrays = columns.map((c, j) => sql`${pgArray(chunk, j)}::${sql.raw(c.pg === 'jsonb' ? 'text' : c.pg)}[]`);
      const select = columns.map((c, j) => (c.pg === 'jsonb' ? sql`${sql.ref(`c${j}`)}::jsonb` : sql.ref(`c${j}`)));
      const result = await sql<Record<string, unknown>>`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
        select ${sql.join(select)} from unnest(${sql.join(arrays)}) as t(${sql.join(columns.map((_, j) => sql.ref(`c${j}`)))})
        on conflict do nothing returning ${sql.ref(key)}`.execute(tx);
      for (const r of result.rows) inserted.add(r[key]);
    }
    return rows.map((r) => inserted.has(r[k]));
  };
}
