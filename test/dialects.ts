import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, inject } from 'vitest';
import { connectDatabase, type DbHandle } from '../src/db/connect.ts';
import type { DialectName } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TEMPLATE_DATABASE, withDatabase } from './postgres-url.ts';

export type TestDb = DbHandle;

/** Every dialect the suite runs on, in the order the describe blocks appear. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/**
 * Runs `fn` once per database: `describe('<name> [sqlite]')` and `describe('<name> [postgres]')`.
 * `db()` returns a fresh, migrated database for the current test (a new one in each beforeEach,
 * closed and dropped in afterEach); calling it outside a test or hook throws.
 */
export function describeEachDialect(name: string, fn: (db: () => DbHandle, dialect: DialectName) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let current: DbHandle | undefined;
      beforeEach(async () => {
        current = await freshDatabase(dialect);
      });
      afterEach(async () => {
        const handle = current;
        current = undefined;
        await handle?.close();
      });
      fn(() => {
        if (!current) throw new Error('db() is only available inside a test or a beforeEach/afterEach hook');
        return current;
      }, dialect);
    });
  }
}

/**
 * Makes a fresh migrated database of the given dialect (for tests that need several, or need control
 * over its lifetime). The caller closes it with the handle's `close()`, which on PostgreSQL also drops it.
 */
export async function freshDatabase(dialect: DialectName): Promise<DbHandle> {
  if (dialect === 'sqlite') {
    const handle = connectDatabase({ sqlitePath: ':memory:' });
    try {
      await migrateToLatest(handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle;
  }
  return freshPostgresDatabase();
}

let adminPool: pg.Pool | undefined;

/** One small pool per worker to the `postgres` database, for CREATE/DROP DATABASE only. */
function admin(): pg.Pool {
  adminPool ??= new pg.Pool({
    connectionString: withDatabase(inject('postgresUrl'), 'postgres'),
    max: 2,
    // Lets the worker exit without an explicit end(): nothing else knows when the last test is done.
    allowExitOnIdle: true,
  });
  return adminPool;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freshPostgresDatabase(): Promise<DbHandle> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  const quoted = pg.escapeIdentifier(name);
  const template = pg.escapeIdentifier(TEMPLATE_DATABASE);
  for (let attempt = 1; ; attempt++) {
    try {
      await admin().query(`CREATE DATABASE ${quoted} TEMPLATE ${template}`);
      break;
    } catch (error) {
      // 55006 object_in_use: "source database … is being accessed by other users" while any session is
      // connected to the template (a closing migration connection, someone's psql). Concurrent CREATE
      // DATABASEs from it do not collide on PostgreSQL 18 (20 at once from 2 workers passed); retry anyway.
      const inUse = (error as { code?: string }).code === '55006';
      if (!inUse || attempt >= 50) throw error;
      await sleep(10 + Math.random() * 40);
    }
  }

  const handle = connectDatabase({ databaseUrl: withDatabase(inject('postgresUrl'), name), poolSize: 4 });
  const connections = trackConnections(handle);
  let closed: Promise<void> | undefined;
  return {
    ...handle,
    close: () => {
      closed ??= (async () => {
        try {
          await handle.close();
          await connections.allEnded();
        } finally {
          await admin().query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
        }
      })();
      return closed;
    },
  };
}

/**
 * pg-pool's end() resolves once its clients are *asked* to end, not once their sockets are closed.
 * A DROP DATABASE … WITH (FORCE) in that window terminates the still-open sessions, and the FATAL
 * 57P01 it sends reaches a pool with no 'error' listener: an uncaught exception in the worker.
 * So close waits for every client's 'remove' (emitted after its socket has closed) before dropping.
 */
function trackConnections(handle: DbHandle): { allEnded(): Promise<void> } {
  const pool = handle.pool;
  if (!pool) throw new Error('a PostgreSQL handle without its pg pool');
  const open = new Set<pg.PoolClient>();
  let onEmpty: (() => void) | undefined;
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => {
    open.delete(client);
    if (open.size === 0) onEmpty?.();
  });
  return {
    allEnded: () =>
      open.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onEmpty = resolve;
          }),
  };
}
