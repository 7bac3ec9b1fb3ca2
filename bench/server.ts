/**
 * The HTTP server of the bench, run as a child process (bench/http-load.ts forks it) so the load
 * generator and the server each have their own event loop, as in production. It builds the app
 * exactly as `serve` does (buildServices + buildApp), listens on 127.0.0.1:0, and answers IPC
 * requests: CPU and cache counters, cache invalidation, a CPU profile, and in-process breakdowns.
 */
import { Session } from 'node:inspector/promises';
import { buildApp } from '../src/app.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { hashToken } from '../src/modules/auth/tokens.service.ts';
import { readBusinessLineTree } from '../src/modules/tree/queries/read-tree.ts';
import { resolvedAppOut, treeOut } from '../src/modules/tree/tree.schemas.ts';
import { buildServices } from '../src/services.ts';
import { summarizeProfile } from './profile.ts';

export interface ServerConfig {
  sqlitePath?: string;
  databaseUrl?: string;
}

export type ServerRequest =
  | { type: 'stats' }
  | { type: 'invalidate' }
  | { type: 'profile-start' }
  | { type: 'profile-stop' }
  | { type: 'tree-breakdown'; withApps: boolean; samples: number }
  | { type: 'micro'; appids: string[]; token: string; budgetMs: number };

const config = JSON.parse(process.env.BENCH_SERVER_CONFIG ?? '{}') as ServerConfig;
const handle = connectDatabase(config);
const services = buildServices(handle);

// Counts app-cache hits without touching src/: a wrapper around the instance method (≈ nanoseconds).
const cache = services.treeCache;
const getApp = cache.getApp.bind(cache);
let hits = 0;
let misses = 0;
cache.getApp = (key) => {
  const found = getApp(key);
  if (found) hits++;
  else misses++;
  return found;
};

const app = await buildApp(services, { logLevel: 'silent' });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

let session: Session | undefined;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** µs per call of `fn`, run for up to `budgetMs` or `max` calls. */
async function perCall(fn: (i: number) => unknown, budgetMs: number, max = 200_000): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(i);
  const start = performance.now();
  let n = 0;
  while (n < max && performance.now() - start < budgetMs) {
    for (let k = 0; k < 50; k++) await fn(n++);
  }
  return ((performance.now() - start) * 1000) / n;
}

async function micro(appids: string[], token: string, budgetMs: number) {
  const hot = appids[0] as string;
  const at = (i: number) => appids[i % appids.length] as string;
  const out: Record<string, number> = {};
  out['sha256 of the token'] = await perCall(() => hashToken(token), budgetMs);
  out['tokens.verify (cached principal)'] = await perCall(() => services.tokens.verify(token), budgetMs);
  await services.apps.getJson(hot);
  out['apps.getJson, cache hit (the cached JSON text)'] = await perCall(() => services.apps.getJson(hot), budgetMs);
  out['apps.getJson, cache miss (3 Kysely queries, then JSON.stringify)'] = await perCall((i) => {
    services.treeCache.invalidateAll();
    return services.apps.getJson(at(i));
  }, budgetMs);
  const view = await services.apps.get(hot);
  out['zod encode of one app view with resolvedAppOut'] = await perCall(() => resolvedAppOut.safeEncode(view), budgetMs);
  out['JSON.stringify of one app view'] = await perCall(() => JSON.stringify(view), budgetMs);
  out['apps.repo.findByAppId (1 Kysely query, 5-table join)'] = await perCall(
    (i) => services.apps.repo.findByAppId(handle.db, at(i)),
    budgetMs,
  );
  const joinSql =
    'SELECT apps.*, businesses.domain_id, domains.name AS domain_name, businesses.name AS business_name, products.name AS product_name, ' +
    'orgs.name AS org_name FROM apps JOIN businesses ON businesses.id = apps.business_id JOIN domains ON domains.id = businesses.domain_id ' +
    'JOIN products ON products.id = businesses.product_id JOIN orgs ON orgs.id = products.org_id WHERE apps.appid = ';
  if (handle.sqlite) {
    const sqlite = handle.sqlite;
    const stmt = sqlite.prepare(`${joinSql}?`);
    out['same join, better-sqlite3 statement prepared once'] = await perCall((i) => stmt.get(at(i)), budgetMs);
    out['better-sqlite3 prepare() of that join'] = await perCall(() => sqlite.prepare(`${joinSql}?`), budgetMs);
  } else if (handle.pool) {
    const pool = handle.pool;
    out['same join, pg unnamed query (parsed and planned each time, as Kysely sends it)'] = await perCall(
      (i) => pool.query(`${joinSql}$1`, [at(i)]),
      budgetMs,
    );
    out['same join, pg named statement (prepared once per connection)'] = await perCall(
      (i) => pool.query({ name: 'bench_app_by_appid', text: `${joinSql}$1`, values: [at(i)] }),
      budgetMs,
    );
  }
  services.treeCache.invalidateAll();
  return out;
}

/**
 * A cold tree request, in parts: the read (readBusinessLineTree: 3 queries + stitching), then what
 * turning it into a body costs with the zod response schema (what a schema-serialized route pays on
 * every request) and with plain JSON.stringify.
 */
async function treeBreakdown(withApps: boolean, samples: number) {
  const read: number[] = [];
  const encode: number[] = [];
  const stringify: number[] = [];
  const plain: number[] = [];
  let bytes = 0;
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const tree = await readBusinessLineTree(handle.db, withApps);
    const t1 = performance.now();
    const encoded = treeOut.safeEncode(tree);
    const t2 = performance.now();
    JSON.stringify(encoded.data);
    const t3 = performance.now();
    const body = JSON.stringify(tree);
    const t4 = performance.now();
    read.push(t1 - t0);
    encode.push(t2 - t1);
    stringify.push(t3 - t2);
    plain.push(t4 - t3);
    bytes = Buffer.byteLength(body);
  }
  return { serviceMs: median(read), zodEncodeMs: median(encode), stringifyMs: median(stringify), plainStringifyMs: median(plain), bytes };
}

async function answer(msg: ServerRequest): Promise<unknown> {
  switch (msg.type) {
    case 'stats': {
      const cpu = process.cpuUsage();
      return { cpuUs: cpu.user + cpu.system, hits, misses, rss: process.memoryUsage().rss };
    }
    case 'invalidate':
      services.treeCache.invalidateAll();
      return {};
    case 'profile-start':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      return {};
    case 'profile-stop': {
      if (!session) return { error: 'not profiling' };
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      return summarizeProfile(profile);
    }
    case 'tree-breakdown':
      return treeBreakdown(msg.withApps, msg.samples);
    case 'micro':
      return micro(msg.appids, msg.token, msg.budgetMs);
  }
}

process.on('message', (raw: { id: number; body: ServerRequest }) => {
  answer(raw.body).then(
    (body) => process.send?.({ id: raw.id, body }),
    (error: unknown) => process.send?.({ id: raw.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});

const shutdown = async () => {
  await app.close().catch(() => {});
  await handle.close().catch(() => {});
  process.exit(0);
};
process.on('disconnect', shutdown);
process.on('SIGTERM', shutdown);

process.send?.({ id: 0, body: { port } });
