import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type SqliteDatabase as KyselySqliteDatabase, PostgresDialect, SqliteDialect } from 'kysely';
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

/** Distinct SQL texts kept prepared; IN-lists of many lengths make many texts, so bound it. */
const STATEMENT_CACHE = 500;

/**
 * Kysely's SQLite driver calls `prepare()` for every query and better-sqlite3 does not cache, so
 * each query paid SQLite's parse and plan again: 167 µs of a 321 µs app lookup (bench/README.md).
 * This keeps prepared statements by SQL text (LRU). Safe because Kysely runs one query at a time
 * on the single connection; streamed queries (`iterate`), which would keep a statement busy, are
 * not used.
 */
function cachingStatements(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) cache.delete(sql);
      else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    close: async () => {
      await db.destroy();
      // Kysely closes the database only if a query ever ran.
      if (sqlite.open) sqlite.close();
    },
  };
}
