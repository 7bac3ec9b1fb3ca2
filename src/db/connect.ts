import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import type { Database } from './schema.ts';

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** the raw better-sqlite3 connection, for measured hot paths only (SQLite only) */
  sqlite?: SqliteDatabase.Database;
  /** the pg pool, for measured hot paths only (PostgreSQL only) */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** `postgres://…` selects PostgreSQL */
  databaseUrl?: string;
  /** SQLite file path, or `:memory:` */
  sqlitePath?: string;
  /** pg pool size (default 10) */
  poolSize?: number;
}

/**
 * Opens the database: PostgreSQL when `databaseUrl` is set, else SQLite at `sqlitePath`
 * (WAL, foreign keys on, 5 s busy timeout). Does not migrate.
 */
export function connectDatabase(opts: ConnectOptions): DbHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client losing its connection (server restart, failover) must not crash the process:
    // the pool drops that client and the next query opens a new one.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', pool, close: () => db.destroy() };
  }
  const path = opts.sqlitePath ?? ':memory:';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower() folds ASCII only; PostgreSQL's folds all of Unicode. Searches must agree.
  sqlite.function('lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}
