import pg from 'pg';
import { startThrowawayPostgres } from '../test/embedded-postgres.ts';

/** A throw-away PostgreSQL server for one bench run. */
export interface BenchPostgres {
  /** URL of the `postgres` database (for CREATE DATABASE) */
  serverUrl: string;
  /** creates an empty database and returns its URL */
  createDatabase(name: string): Promise<string>;
  /** where the cluster lives (tmpfs or disk), for the report */
  dir: string;
  stop(): Promise<void>;
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * Starts embedded PostgreSQL with test/embedded-postgres.ts, as the tests do: a private 0700 temp data dir
 * (run as the `postgres` system user when we are root), listening on 127.0.0.1 only, socket in the
 * data dir, fsync/synchronous_commit/full_page_writes off. The figures are therefore CPU and
 * round-trip bound, not disk bound — the same for the service side and the raw side of each ratio.
 */
export async function startPostgres(): Promise<BenchPostgres> {
  const server = await startThrowawayPostgres({ maxConnections: 100 });
  const serverUrl = server.url;
  return {
    serverUrl,
    dir: server.dir,
    stop: server.stop,
    async createDatabase(name: string): Promise<string> {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        const quoted = admin.escapeIdentifier(name);
        await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${quoted}`);
      } finally {
        await admin.end();
      }
      return withDatabase(serverUrl, name);
    },
  };
}
