import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real `appmeta` command line, run as a child process (`node bin/appmeta.js …`) on a fresh
 * SQLite data directory per test. Each run pays tsx start-up (≈1.5 s idle, far more on a busy
 * machine), hence the generous timeouts; runs are sequential so one slow start cannot starve others.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/appmeta.js');
const TIMEOUT = 60_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A new empty data directory, removed after the file's tests. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'appmeta-cli-'));
  dirs.push(dir);
  return dir;
}

/** The child's environment: only APPMETA_DATA_DIR selects the database; nothing of ours leaks in. */
function env(dir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, APPMETA_DATA_DIR: dir, APPMETA_LOG_LEVEL: 'warn' };
  for (const key of ['DATABASE_URL', 'APPMETA_ADMIN_TOKEN', 'APPMETA_HOST', 'APPMETA_PORT']) delete e[key];
  return e;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `appmeta <args>` to completion; resolves with the exit code instead of rejecting on failure. */
function appmeta(args: string[], dir = dataDir()): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(dir), timeout: TIMEOUT - 5_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

describe('appmeta --help', () => {
  it('describes the program and lists every command', { timeout: TIMEOUT }, async () => {
    const r = await appmeta(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: appmeta');
    for (const command of ['serve', 'migrate', 'token', 'demo']) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it.for([
    { command: 'serve', shows: ['--port', '--host', '--data-dir'] },
    { command: 'migrate', shows: ['--data-dir'] },
    { command: 'token', shows: ['create'] },
    { command: 'token create', shows: ['--user', '--create-user', '--admin', '--expires'] },
    { command: 'demo', shows: ['--data-dir'] },
  ])('describes `appmeta $command`', { timeout: TIMEOUT }, async ({ command, shows }) => {
    const r = await appmeta([...command.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: appmeta ${command}`);
    for (const option of shows) expect(r.stdout).toContain(option);
  });
});

describe('appmeta migrate', () => {
  it('creates the database, and a second run has nothing to do', { timeout: TIMEOUT }, async () => {
    const dir = dataDir();
    const first = await appmeta(['migrate'], dir);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Applied: \S/) });
    expect(existsSync(join(dir, 'appmeta.db'))).toBe(true);
    const second = await appmeta(['migrate'], dir);
    expect(second).toMatchObject({ code: 0, stdout: 'Database is up to date.\n' });
  });
});

describe('appmeta demo', () => {
  it('loads the demo, and a second run creates nothing but still succeeds', { timeout: TIMEOUT }, async () => {
    const dir = dataDir();
    const summary = (r: Run) => JSON.parse(r.stdout.replace(/^Demo loaded: /, ''));
    const first = await appmeta(['demo'], dir);
    expect(first.code).toBe(0);
    expect(summary(first)).toMatchObject({ domains: 6, businesses: 23, apps: 80, users: 12, skipped: 0 });
    const second = await appmeta(['demo'], dir);
    expect(second.code).toBe(0);
    expect(summary(second)).toMatchObject({ apps: 0, created: 0, skipped: summary(first).created });
  });
});

describe('appmeta token create', () => {
  it('with --create-user prints one token line', { timeout: TIMEOUT }, async () => {
    const r = await appmeta(['token', 'create', '--user', 'carol', '--create-user']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([expect.stringMatching(/^amt_[A-Za-z0-9_-]{43}$/)]);
    expect(r.stderr).toContain('for user carol');
  });

  it('for an unknown user fails with a one-line user_not_found', { timeout: TIMEOUT }, async () => {
    const r = await appmeta(['token', 'create', '--user', 'nobody']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^appmeta: user_not_found: .*nobody/)]);
  });
});

/** A TCP port nobody listens on right now (tiny race until the server binds it). */
function freePort(): Promise<number> {
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

/** Resolves with the first stdout match of `pattern`; rejects if the process exits first or on timeout. */
function waitFor(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.off('exit', onExit);
      fn();
    };
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(pattern);
      if (m) done(() => resolve(m));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`serve exited (${code}) before printing its URL:\n${out}\n${err}`)));
    const timer = setTimeout(() => done(() => reject(new Error(`serve printed no URL within ${ms} ms:\n${out}\n${err}`))), ms);
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', onExit);
  });
}

/** Stops the child: SIGTERM, then SIGKILL if it has not exited within `ms`. */
function stop(child: ChildProcess, ms = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('appmeta serve', () => {
  it('on an empty data dir writes an owner-only admin-token that signs in', { timeout: TIMEOUT }, async () => {
    const dir = dataDir();
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: ROOT,
      env: env(dir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [, url] = await waitFor(child, /appmeta is serving (http:\/\/\S+)/, 45_000);
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const tokenFile = join(dir, 'admin-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const token = readFileSync(tokenFile, 'utf8').trim();
      expect(token).toMatch(/^amt_/);
      const res = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ kind: 'user', name: 'admin', isAdmin: true });
      const anonymous = await fetch(`${url}/api/v1/me`, { signal: AbortSignal.timeout(5_000) });
      expect(anonymous.status).toBe(401);
    } finally {
      await stop(child);
    }
    expect(child.exitCode ?? child.signalCode).toBe(0);
  });
});
