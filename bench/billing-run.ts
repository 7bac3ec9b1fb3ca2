/**
 * `npm run bench:billing` (also part of `npm run bench`): bill ingestion over the API beside a raw
 * insert of the same rows, then the cost tree and cost sums over a month of 10M lines generated
 * directly into the store, with the full recomputation beside them. On SQLite, then PostgreSQL.
 *
 *   --quick              smoke run: 500 apps, 10k resources, 100k lines pushed, 200k in the store
 *   --lines N            lines pushed over the API (default 1,000,000)
 *   --tree-lines N       lines generated into the store for the cost tree (default 10,000,000)
 *   --resources N        resources (default 100,000)
 *   --samples N          sequential requests per read route (default 100)
 *   --only sqlite|postgres   --no-concurrent (skip the 2-client push)   --dir PATH (SQLite files)
 *   --readme PATH        write the figures there (default bench/README.md on a full run)   --no-readme
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

import { connectDatabase, type DbHandle } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { RequestContext } from '../src/modules/auth/principal.ts';
import { recomputeCosts } from '../src/modules/billing/index.ts';
import { buildServices } from '../src/services.ts';
import { ulidGenerator } from '../src/shared/ids.ts';
import {
  allocationRows,
  COLUMNS,
  focusLines,
  lineRow,
  lineSpec,
  MONTH,
  pgWriter,
  type RawWriter,
  type Rollup,
  rollupRows,
  type Shape,
  type StoreContext,
  seed,
  sqliteWriter,
  storeContext,
} from './billing-data.ts';
import { type BenchServer, startServer } from './http-load.ts';
import { machineBusyUs } from './machine.ts';
import { startPostgres, withDatabase } from './postgres.ts';
import { mdTable } from './report.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const num = (name: string, full: number, small: number) => Number(argValue(name) ?? (quick ? small : full));
const PUSH_LINES = num('--lines', 1_000_000, 100_000);
const TREE_LINES = num('--tree-lines', 10_000_000, 200_000);
const SAMPLES = num('--samples', 100, 20);
const CALL = 50_000;
const TREE_BATCH = 100_000;
/** As shipped on SQLite: how many calls at most, and how long one may take before it is given up. */
const SHIPPED_CALLS = 3;
const SHIPPED_TIMEOUT_S = quick ? 20 : 60;
const CALL_TIMEOUT_S = 600;
const shape: Shape = quick
  ? { domains: 5, businesses: 10, apps: 10, resources: num('--resources', 100_000, 10_000) }
  : { domains: 20, businesses: 25, apps: 10, resources: num('--resources', 100_000, 10_000) };
const only = argValue('--only');
const concurrent = !args.includes('--no-concurrent');
const readmePath = args.includes('--no-readme') ? undefined : (argValue('--readme') ?? (quick || only ? undefined : 'bench/README.md'));
const baseDir = argValue('--dir') ?? tmpdir();
const appCount = shape.domains * shape.businesses * shape.apps;

const log = (s: string) => process.stderr.write(`${s}\n`);
const secs = (t0: number) => (performance.now() - t0) / 1000;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** How one database kind is created, cloned and served. */
interface Kind {
  dialect: 'sqlite' | 'postgres';
  storage: string;
  create(name: string): Promise<DbHandle>;
  /** a copy of a closed database */
  clone(from: string, to: string): Promise<void>;
  connect(name: string): DbHandle;
  serverConfig(name: string): { sqlitePath?: string; databaseUrl?: string };
  writer(name: string, handle: DbHandle): Promise<RawWriter>;
  bytes(name: string): Promise<number>;
  /** free bytes where the data lives */
  free(): number;
  /** after a bulk load (PostgreSQL: ANALYZE, what autovacuum would do next) */
  afterLoad(handle: DbHandle): Promise<string | undefined>;
  drop(name: string): Promise<void>;
  /**
   * SQLite only: ANALYZE, run from the bench (outside src/) after the first call. Without statistics
   * SQLite plans `acceptedLines` (json_each ⨝ bill_lines) with bill_lines outside: quadratic.
   */
  fixPlans?(name: string): Promise<void>;
}

function sqliteKind(dir: string): Kind {
  const path = (name: string) => join(dir, `${name}.db`);
  return {
    dialect: 'sqlite',
    storage: `SQLite files in ${dir} (WAL, synchronous=NORMAL, as src/db/connect.ts opens them)`,
    async create(name) {
      const h = connectDatabase({ sqlitePath: path(name) });
      await migrateToLatest(h);
      return h;
    },
    async clone(from, to) {
      copyFileSync(path(from), path(to));
    },
    connect: (name) => connectDatabase({ sqlitePath: path(name) }),
    serverConfig: (name) => ({ sqlitePath: path(name) }),
    writer: async (_name, handle) => sqliteWriter(handle.sqlite as NonNullable<DbHandle['sqlite']>),
    async bytes(name) {
      let n = 0;
      for (const suffix of ['', '-wal']) {
        try {
          n += statSync(`${path(name)}${suffix}`).size;
        } catch {}
      }
      return n;
    },
    free() {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
    afterLoad: async () => undefined,
    async drop(name) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path(name)}${suffix}`, { force: true });
    },
    async fixPlans(name) {
      const h = connectDatabase({ sqlitePath: path(name) });
      h.sqlite?.exec('analyze');
      await h.close();
    },
  };
}

async function postgresKind(serverUrl: string, dir: string): Promise<Kind> {
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const db = (name: string) => `bench_billing_${name}`;
  const url = (name: string) => withDatabase(serverUrl, db(name));
  const connect = (name: string) => connectDatabase({ databaseUrl: url(name), poolSize: 10 });
  return {
    dialect: 'postgres',
    storage: `embedded PostgreSQL 18 in ${dir} (fsync, synchronous_commit, full_page_writes off, as test/global-setup.ts)`,
    async create(name) {
      await admin(async (c) => {
        await c.query(`drop database if exists ${c.escapeIdentifier(db(name))} with (force)`);
        await c.query(`create database ${c.escapeIdentifier(db(name))}`);
      });
      const h = connect(name);
      await migrateToLatest(h);
      return h;
    },
    async clone(from, to) {
      await admin(async (c) => {
        await c.query(`drop database if exists ${c.escapeIdentifier(db(to))} with (force)`);
        await c.query(`create database ${c.escapeIdentifier(db(to))} template ${c.escapeIdentifier(db(from))}`);
      });
    },
    connect,
    serverConfig: (name) => ({ databaseUrl: url(name) }),
    writer: (name) => pgWriter(url(name)),
    bytes: (name) => admin(async (c) => Number((await c.query('select pg_database_size($1) as n', [db(name)])).rows[0]?.n ?? 0)),
    free() {
      const s = statfsSync(dir);
      return s.bavail * s.bsize;
    },
    async afterLoad(handle) {
      const t0 = performance.now();
      await handle.pool?.query('analyze');
      return `ANALYZE after the load (what autovacuum would do next): ${secs(t0).toFixed(1)} s`;
    },
    async drop(name) {
      await admin((c) => c.query(`drop database if exists ${c.escapeIdentifier(db(name))} with (force)`));
    },
  };
}

interface CallStat {
  genMs: number;
  httpMs: number;
  serverCpuMs: number;
  bytes: number;
}

interface Recompute {
  ms: number;
  cells: number;
  mismatches: number;
}

interface Route {
  label: string;
  p50: number;
  p99: number;
  bytes: number;
}

interface DialectResult {
  dialect: string;
  storage: string;
  setupS: number;
  cloneS: number;
  rawHow: string;
  rawLines: { rate: number; seconds: number; otherCpu?: number };
  rawAlloc: { rate: number; seconds: number; allocations: number };
  api: { rate: number; seconds: number; calls: CallStat[]; otherCpu?: number };
  shipped?: PushRun;
  svc: { rate: number; perCallMs: number[] };
  conc?: { rate: number; seconds: number; serverCpuS: number };
  checks: Array<{ label: string; lines: number; allocations: number; recompute: Recompute }>;
  tree: {
    lines: number;
    allocations: number;
    dailyCells: number;
    monthlyCells: number;
    loadS: number;
    rollupS: number;
    afterLoad?: string;
    bytes: number;
    routes: Route[];
    recompute: Recompute;
  };
}

async function counts(h: DbHandle): Promise<{ lines: number; allocations: number }> {
  const l = await h.db
    .selectFrom('bill_lines')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const a = await h.db
    .selectFrom('cost_allocations')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { lines: Number(l.n), allocations: Number(a.n) };
}

async function recompute(h: DbHandle): Promise<Recompute> {
  const t0 = performance.now();
  const r = await recomputeCosts(h.db, h.dialect);
  const ms = performance.now() - t0;
  if (r.mismatches.length > 0)
    log(`    MISMATCHES: ${JSON.stringify(r.mismatches.slice(0, 3), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return { ms, cells: r.cells, mismatches: r.mismatches.length };
}

/** Raw insert of the lines [0, n) as the service would store them, one transaction per 50k. */
async function rawLoad(
  writer: RawWriter,
  ctx: StoreContext,
  n: number,
  batch: number,
  withAllocations: boolean,
  rollups?: { daily: Rollup; monthly: Rollup },
): Promise<{ seconds: number; allocations: number }> {
  const t0 = performance.now();
  let allocations = 0;
  for (let b = 0; b < n; b += batch) {
    const ingestId = ctx.ids.next();
    const createdAt = new Date().toISOString();
    const lines: unknown[][] = [];
    const allocs: unknown[][] = [];
    for (let i = b; i < Math.min(n, b + batch); i++) {
      const spec = lineSpec(i, shape.resources);
      const row = lineRow(spec, ctx, ingestId, createdAt);
      lines.push(row);
      if (withAllocations) for (const a of allocationRows(spec, row[0] as string, ctx, rollups)) allocs.push(a);
    }
    allocations += allocs.length;
    await writer.write([
      { table: 'bill_lines', columns: COLUMNS.lines, rows: lines },
      ...(withAllocations ? [{ table: 'cost_allocations', columns: COLUMNS.allocations, rows: allocs }] : []),
    ]);
    if (n >= 2_000_000 && (b / batch) % 10 === 9) log(`    ${(b + batch).toLocaleString('en-US')} lines (${secs(t0).toFixed(0)} s)`);
  }
  return { seconds: secs(t0), allocations };
}

interface PushResponse {
  accepted?: number;
  duplicates?: number;
  rejected?: Array<{ code: string; message: string }>;
}

async function postBills(url: string, token: string, body: string, timeoutS = 600): Promise<PushResponse> {
  const res = await fetch(`${url}/api/v1/bills`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutS * 1000),
  });
  const out = (await res.json()) as PushResponse;
  if (res.status !== 200) throw new Error(`POST /api/v1/bills: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
  return out;
}

function expectAccepted(out: PushResponse, n: number, at: number) {
  if (out.accepted !== n || (out.rejected?.length ?? 0) > 0)
    throw new Error(`push at line ${at}: accepted ${out.accepted} of ${n}: ${JSON.stringify(out.rejected?.slice(0, 3))}`);
}

interface PushRun {
  calls: CallStat[];
  seconds: number;
  lines: number;
  otherCpu?: number;
  /** the call that was given up on (client-side timeout), and after how long */
  aborted?: { call: number; afterS: number };
}

/**
 * Sequential POST /api/v1/bills of 50k lines: body built (objects + JSON.stringify), sent, answer
 * read; the server's CPU per call from its IPC counters. `afterFirst` runs after the first call
 * (SQLite: ANALYZE); a call taking longer than `timeoutS` is given up and ends the run.
 */
async function pushOverHttp(
  server: BenchServer,
  token: string,
  opts: { total: number; timeoutS: number; afterFirst?: () => Promise<void> },
): Promise<PushRun> {
  const calls: CallStat[] = [];
  const m0 = machineBusyUs();
  const c0 = process.cpuUsage();
  const s0 = await server.request<{ cpuUs: number }>({ type: 'stats' });
  const w0 = performance.now();
  let aborted: PushRun['aborted'];
  for (let b = 0; b < opts.total; b += CALL) {
    const n = Math.min(CALL, opts.total - b);
    const before = await server.request<{ cpuUs: number }>({ type: 'stats' });
    const t0 = performance.now();
    const body = JSON.stringify({ lines: focusLines(b, b + n, shape.resources) });
    const t1 = performance.now();
    let out: PushResponse;
    try {
      out = await postBills(server.url, token, body, opts.timeoutS);
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      aborted = { call: calls.length + 1, afterS: secs(t1) };
      log(`    call ${calls.length + 1} gave no answer within ${opts.timeoutS} s: given up`);
      break;
    }
    const t2 = performance.now();
    const after = await server.request<{ cpuUs: number }>({ type: 'stats' });
    expectAccepted(out, n, b);
    calls.push({ genMs: t1 - t0, httpMs: t2 - t1, serverCpuMs: (after.cpuUs - before.cpuUs) / 1000, bytes: body.length });
    if (b === 0 && opts.afterFirst) await opts.afterFirst();
    if ((b / CALL) % 5 === 4) log(`    pushed ${(b + n).toLocaleString('en-US')} (${secs(w0).toFixed(0)} s)`);
  }
  const lines = Math.min(opts.total, calls.length * CALL);
  const seconds = sum(calls.map((c) => c.genMs + c.httpMs)) / 1000;
  if (aborted) return { calls, seconds, lines, aborted };
  const wallUs = (performance.now() - w0) * 1000;
  const s1 = await server.request<{ cpuUs: number }>({ type: 'stats' });
  const c1 = process.cpuUsage(c0);
  const m1 = machineBusyUs();
  const otherCpu =
    m0 !== undefined && m1 !== undefined ? (100 * (m1 - m0 - c1.user - c1.system - (s1.cpuUs - s0.cpuUs))) / wallUs : undefined;
  return { calls, seconds, lines, otherCpu };
}

/** The same pushes from two clients at once (each takes the next 50k batch). */
async function pushTwoClients(
  server: BenchServer,
  token: string,
  afterFirst?: () => Promise<void>,
): Promise<{ rate: number; seconds: number; serverCpuS: number }> {
  expectAccepted(await postBills(server.url, token, JSON.stringify({ lines: focusLines(0, CALL, shape.resources) })), CALL, 0);
  if (afterFirst) await afterFirst();
  let next = CALL;
  const s0 = await server.request<{ cpuUs: number }>({ type: 'stats' });
  const t0 = performance.now();
  const worker = async () => {
    while (next < PUSH_LINES) {
      const b = next;
      next += CALL;
      const n = Math.min(CALL, PUSH_LINES - b);
      const body = JSON.stringify({ lines: focusLines(b, b + n, shape.resources) });
      expectAccepted(await postBills(server.url, token, body), n, b);
    }
  };
  await Promise.all([worker(), worker()]);
  const seconds = secs(t0);
  const s1 = await server.request<{ cpuUs: number }>({ type: 'stats' });
  return { rate: (PUSH_LINES - CALL) / seconds, seconds, serverCpuS: (s1.cpuUs - s0.cpuUs) / 1e6 };
}

async function timedGet(url: string, token: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, bytes: Buffer.byteLength(text) };
}

/** Sequential GETs, the routes interleaved (a, b, c, …, a, b, c, …) so background load hits each alike. */
async function readRoutes(server: BenchServer, token: string): Promise<Route[]> {
  const routes = [
    { label: 'GET /healthz (baseline)', path: '/healthz' },
    { label: `GET /api/v1/costs/tree?month=${MONTH}&hierarchy=business`, path: `/api/v1/costs/tree?month=${MONTH}&hierarchy=business` },
    { label: `GET /api/v1/costs/tree?month=${MONTH}&hierarchy=finance`, path: `/api/v1/costs/tree?month=${MONTH}&hierarchy=finance` },
    { label: `GET /api/v1/costs?month=${MONTH}&groupBy=business`, path: `/api/v1/costs?month=${MONTH}&groupBy=business` },
    { label: `GET /api/v1/costs?month=${MONTH}&groupBy=app,env`, path: `/api/v1/costs?month=${MONTH}&groupBy=app,env` },
  ];
  const times = routes.map(() => [] as number[]);
  const bytes = routes.map(() => 0);
  for (let i = 0; i < 5; i++) for (const r of routes) await timedGet(`${server.url}${r.path}`, token);
  for (let i = 0; i < SAMPLES; i++) {
    for (let k = 0; k < routes.length; k++) {
      const got = await timedGet(`${server.url}${routes[k]?.path}`, token);
      times[k]?.push(got.ms);
      bytes[k] = got.bytes;
    }
  }
  return routes.map((r, k) => ({ label: r.label, p50: pct(times[k] ?? [], 50), p99: pct(times[k] ?? [], 99), bytes: bytes[k] ?? 0 }));
}

async function runDialect(kind: Kind): Promise<DialectResult> {
  const tag = `[${kind.dialect}]`;
  log(`${tag} setup: ${appCount.toLocaleString('en-US')} apps, ${shape.resources.toLocaleString('en-US')} resources…`);
  let t0 = performance.now();
  const setup = await kind.create('setup');
  const { tenantToken, adminToken } = await seed(setup, shape, log);
  await setup.close();
  const setupS = secs(t0);
  log(`${tag} setup took ${setupS.toFixed(1)} s; cloning…`);
  t0 = performance.now();
  const names = ['raw', 'rawalloc', ...(kind.fixPlans ? ['shipped'] : []), 'api', 'svc', ...(concurrent ? ['conc'] : []), 'tree'];
  for (const n of names) await kind.clone('setup', n);
  const cloneS = secs(t0);
  const ids = ulidGenerator();

  // 1. Raw baselines: the same 1M bill_lines rows; then the rows plus their allocations.
  log(`${tag} raw insert of ${PUSH_LINES.toLocaleString('en-US')} lines…`);
  let h = kind.connect('raw');
  let ctx = await storeContext(h, shape, ids);
  let writer = await kind.writer('raw', h);
  const rawHow = writer.how;
  const m0 = machineBusyUs();
  const c0 = process.cpuUsage();
  const raw = await rawLoad(writer, ctx, PUSH_LINES, CALL, false);
  const c1 = process.cpuUsage(c0);
  const m1 = machineBusyUs();
  const rawOther = m0 !== undefined && m1 !== undefined ? (100 * (m1 - m0 - c1.user - c1.system)) / (raw.seconds * 1e6) : undefined;
  await writer.close();
  await h.close();
  await kind.drop('raw');
  log(`${tag} raw insert of lines + allocations…`);
  h = kind.connect('rawalloc');
  ctx = await storeContext(h, shape, ids);
  writer = await kind.writer('rawalloc', h);
  const rawAlloc = await rawLoad(writer, ctx, PUSH_LINES, CALL, true);
  await writer.close();
  await h.close();
  await kind.drop('rawalloc');

  // 2. Over HTTP, sequential calls. On SQLite first as shipped (bounded: its second call is
  // quadratic, see fixPlans), then with ANALYZE after the first call for the figures.
  let shipped: PushRun | undefined;
  if (kind.fixPlans) {
    log(`${tag} POST /api/v1/bills as shipped (no ANALYZE), ${SHIPPED_CALLS} calls at most, ${SHIPPED_TIMEOUT_S} s per call…`);
    const server0 = await startServer(kind.serverConfig('shipped'));
    try {
      shipped = await pushOverHttp(server0, tenantToken, { total: SHIPPED_CALLS * CALL, timeoutS: SHIPPED_TIMEOUT_S });
    } finally {
      await server0.stop();
    }
    await kind.drop('shipped');
  }
  const fix = kind.fixPlans ? (name: string) => () => (kind.fixPlans as (n: string) => Promise<void>)(name) : () => undefined;
  log(`${tag} POST /api/v1/bills × ${Math.ceil(PUSH_LINES / CALL)}${kind.fixPlans ? ' (ANALYZE after the first)' : ''}…`);
  let server = await startServer(kind.serverConfig('api'));
  let api: PushRun;
  try {
    api = await pushOverHttp(server, tenantToken, { total: PUSH_LINES, timeoutS: CALL_TIMEOUT_S, afterFirst: fix('api') });
  } finally {
    await server.stop();
  }
  if (api.aborted) throw new Error(`${tag} a push call took over ${CALL_TIMEOUT_S} s`);
  const checks: DialectResult['checks'] = [];
  h = kind.connect('api');
  checks.push({ label: 'after the sequential pushes', ...(await counts(h)), recompute: await recompute(h) });
  await h.close();
  await kind.drop('api');

  // 3. The service alone, in this process, on the same lines.
  log(`${tag} services.bills.push in process…`);
  h = kind.connect('svc');
  const services = buildServices(h);
  const tenant = await h.db.selectFrom('tenants').select(['id', 'name']).where('name', '=', 'kube').executeTakeFirstOrThrow();
  const tctx: RequestContext = { principal: { kind: 'tenant', id: tenant.id, name: tenant.name }, requestId: null };
  const perCallMs: number[] = [];
  for (let b = 0; b < PUSH_LINES; b += CALL) {
    const n = Math.min(CALL, PUSH_LINES - b);
    const lines = focusLines(b, b + n, shape.resources);
    const t = performance.now();
    const out = await services.bills.push(tctx, lines);
    perCallMs.push(performance.now() - t);
    expectAccepted(out, n, b);
    if (b === 0) h.sqlite?.exec('analyze');
  }
  checks.push({ label: 'after services.bills.push in process', ...(await counts(h)), recompute: await recompute(h) });
  await h.close();
  await kind.drop('svc');

  // 4. Two clients at once.
  let conc: DialectResult['conc'];
  if (concurrent) {
    log(`${tag} POST /api/v1/bills from 2 clients…`);
    server = await startServer(kind.serverConfig('conc'));
    try {
      conc = await pushTwoClients(server, tenantToken, fix('conc'));
    } finally {
      await server.stop();
    }
    h = kind.connect('conc');
    checks.push({ label: 'after the 2-client pushes', ...(await counts(h)), recompute: await recompute(h) });
    await h.close();
    await kind.drop('conc');
  }

  // 5. The month of TREE_LINES lines, generated directly into the store.
  const need = TREE_LINES * (kind.dialect === 'sqlite' ? 700 : 800);
  log(
    `${tag} free where the data lives: ${(kind.free() / 1024 ** 3).toFixed(1)} GiB; ${TREE_LINES.toLocaleString('en-US')} lines need ≈ ${(need / 1024 ** 3).toFixed(1)} GiB`,
  );
  if (kind.free() < need * 1.2)
    throw new Error(`not enough space for ${TREE_LINES} lines (need ≈ ${need} bytes); use --dir or --tree-lines`);
  log(`${tag} loading ${TREE_LINES.toLocaleString('en-US')} lines, their allocations and roll-ups directly into the store…`);
  h = kind.connect('tree');
  ctx = await storeContext(h, shape, ids);
  writer = await kind.writer('tree', h);
  const rollups = { daily: new Map() as Rollup, monthly: new Map() as Rollup };
  const load = await rawLoad(writer, ctx, TREE_LINES, TREE_BATCH, true, rollups);
  t0 = performance.now();
  const daily = rollupRows(rollups.daily, ctx.tenantId);
  const monthly = rollupRows(rollups.monthly, ctx.tenantId);
  await writer.write([
    { table: 'cost_daily', columns: COLUMNS.daily, rows: daily },
    { table: 'cost_monthly', columns: COLUMNS.monthly, rows: monthly },
  ]);
  const rollupS = secs(t0);
  await writer.close();
  const afterLoad = await kind.afterLoad(h);
  await h.close();
  const treeBytes = await kind.bytes('tree');
  log(
    `${tag} loaded in ${load.seconds.toFixed(0)} s (+ roll-ups ${rollupS.toFixed(1)} s); ${(treeBytes / 1024 ** 3).toFixed(2)} GiB; reading…`,
  );
  server = await startServer(kind.serverConfig('tree'));
  let routes: Route[];
  try {
    routes = await readRoutes(server, adminToken);
  } finally {
    await server.stop();
  }
  log(`${tag} full recomputation…`);
  h = kind.connect('tree');
  const treeCounts = await counts(h);
  const treeRecompute = await recompute(h);
  await h.close();
  await kind.drop('tree');
  await kind.drop('setup');

  return {
    dialect: kind.dialect,
    storage: kind.storage,
    setupS,
    cloneS,
    rawHow,
    rawLines: { rate: PUSH_LINES / raw.seconds, seconds: raw.seconds, otherCpu: rawOther },
    rawAlloc: { rate: PUSH_LINES / rawAlloc.seconds, seconds: rawAlloc.seconds, allocations: rawAlloc.allocations },
    api: { rate: PUSH_LINES / api.seconds, seconds: api.seconds, calls: api.calls, otherCpu: api.otherCpu },
    shipped,
    svc: { rate: PUSH_LINES / (sum(perCallMs) / 1000), perCallMs },
    conc,
    checks,
    tree: {
      ...treeCounts,
      dailyCells: daily.length,
      monthlyCells: monthly.length,
      loadS: load.seconds,
      rollupS,
      afterLoad,
      bytes: treeBytes,
      routes,
      recompute: treeRecompute,
    },
  };
}

const started = performance.now();
const startedAt = new Date().toISOString();
const results: DialectResult[] = [];
if (only !== 'postgres') {
  const dir = mkdtempSync(join(baseDir, 'appmeta-bench-billing-'));
  try {
    results.push(await runDialect(sqliteKind(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'sqlite') {
  const pgServer = await startPostgres();
  try {
    results.push(await runDialect(await postgresKind(pgServer.serverUrl, pgServer.dir)));
  } finally {
    await pgServer.stop();
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const ratio = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const met = (ok: boolean) => (ok ? 'met' : 'not met');
const calls = (r: DialectResult, f: (c: CallStat) => number) => ms(pct(r.api.calls.map(f), 50));
const route = (r: DialectResult, i: number) => r.tree.routes[i] as Route;

const rows: string[][] = [];
const row = (label: string, cell: (r: DialectResult) => string) => rows.push([label, ...results.map(cell)]);
row(`raw insert of the same ${int(PUSH_LINES)} bill_lines rows, lines/s (baseline)`, (r) => int(r.rawLines.rate));
row('raw insert of the lines and their allocations, lines/s', (r) => int(r.rawAlloc.rate));
row('POST /api/v1/bills as shipped: seconds per call (SQLite without statistics)', (r) =>
  r.shipped
    ? [
        ...r.shipped.calls.map((c) => (c.httpMs / 1000).toFixed(1)),
        ...(r.shipped.aborted ? [`> ${r.shipped.aborted.afterS.toFixed(0)} (given up)`] : []),
      ].join(' / ')
    : 'n/a (no ANALYZE needed)',
);
row('POST /api/v1/bills, 50k lines per call, sequential, lines/s (SQLite: ANALYZE after call 1)', (r) => int(r.api.rate));
row('API ÷ raw lines (target ≥ 50 %)', (r) => `**${ratio(r.api.rate, r.rawLines.rate)}** (${met(r.api.rate >= 0.5 * r.rawLines.rate)})`);
row('API ÷ raw lines + allocations', (r) => ratio(r.api.rate, r.rawAlloc.rate));
row('services.bills.push in process (service only), lines/s', (r) => `${int(r.svc.rate)} (${ratio(r.svc.rate, r.rawLines.rate)} of raw)`);
if (results.some((r) => r.conc))
  row('POST /api/v1/bills from 2 concurrent clients (after call 1 alone), lines/s', (r) => (r.conc ? int(r.conc.rate) : '–'));
row(
  'one call, p50 ms: build body / HTTP round trip / server CPU',
  (r) => `${calls(r, (c) => c.genMs)} / ${calls(r, (c) => c.httpMs)} / ${calls(r, (c) => c.serverCpuMs)}`,
);
row('one call, p50 ms: services.bills.push alone', (r) => ms(pct(r.svc.perCallMs, 50)));
row('request body per call', (r) => mib(r.api.calls[0]?.bytes ?? 0));
row('roll-ups = recomputation after the pushes (mismatches)', (r) => r.checks.map((c) => String(c.recompute.mismatches)).join(' / '));
row(
  `store: ${int(TREE_LINES)} lines generated directly (not pushed), load time`,
  (r) => `${int(r.tree.loadS)} s (${int(TREE_LINES / r.tree.loadS)} lines/s)`,
);
row(`${route(results[0] as DialectResult, 0).label}, p50 / p99 ms`, (r) => `${ms(route(r, 0).p50)} / ${ms(route(r, 0).p99)}`);
for (const i of [1, 2]) {
  row(
    `${route(results[0] as DialectResult, i).label}, p50 / p99 ms (target ≤ 50)`,
    (r) => `${ms(route(r, i).p50)} / **${ms(route(r, i).p99)}** (${met(route(r, i).p99 <= 50)})`,
  );
}
for (const i of [3, 4])
  row(`${route(results[0] as DialectResult, i).label}, p50 / p99 ms`, (r) => `${ms(route(r, i).p50)} / ${ms(route(r, i).p99)}`);
row(
  'full recomputation (recomputeCosts) at that size',
  (r) => `${(r.tree.recompute.ms / 1000).toFixed(1)} s, ${r.tree.recompute.mismatches} mismatches`,
);

const minutes = (performance.now() - started) / 60_000;
const code = (() => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { encoding: 'utf8' }).trim() !== '';
    return `commit ${head}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown commit';
  }
})();
const command = `npx tsx bench/billing-run.ts ${args.join(' ')}`.trim();
const header =
  `Run \`${command}\` on ${startedAt}: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, ` +
  `Node ${process.versions.node}; ${code}. Tree ${int(appCount)} apps, ${int(shape.resources)} resources (10 % shared 70/30, 10 % never attached, ` +
  `10 % moved on ${MONTH}-15 12:00 UTC); ${int(PUSH_LINES)} lines pushed in ${int(CALL)}-line calls; ${int(TREE_LINES)} lines generated into ` +
  `the store for ${MONTH}; ${SAMPLES} sequential samples per read route (p99 of ${SAMPLES} = the ${SAMPLES >= 100 ? 'second ' : ''}slowest). ` +
  `Whole run: ${minutes.toFixed(1)} min.`;
const details = results.map((r) =>
  [
    `- **${r.dialect}**: ${r.storage}. Setup (tree raw, resources through \`services.resources.upsert\` in 10k calls, then the moves): ` +
      `${r.setupS.toFixed(1)} s; copies of the set-up database for each step: ${r.cloneS.toFixed(1)} s.`,
    `  - raw side: ${r.rawHow}; ${r.rawLines.seconds.toFixed(1)} s for the lines` +
      `${r.rawLines.otherCpu === undefined ? '' : ` (other processes meanwhile: ${r.rawLines.otherCpu.toFixed(0)} % of a core${r.dialect === 'postgres' ? ', PostgreSQL included' : ''})`}, ` +
      `${r.rawAlloc.seconds.toFixed(1)} s with ${int(r.rawAlloc.allocations)} allocation rows (split by \`attribute()\` in the loop).`,
    `  - API: ${r.api.seconds.toFixed(1)} s over ${r.api.calls.length} calls (body building included; ${r.api.otherCpu === undefined ? '' : `besides the bench and the server, the machine used ${r.api.otherCpu.toFixed(0)} % of a core${r.dialect === 'postgres' ? ', PostgreSQL included' : ''}; `}` +
      `per call p50 / max: body ${calls(r, (c) => c.genMs)} / ${ms(Math.max(...r.api.calls.map((c) => c.genMs)))} ms, HTTP ${calls(r, (c) => c.httpMs)} / ${ms(Math.max(...r.api.calls.map((c) => c.httpMs)))} ms, ` +
      `server CPU ${calls(r, (c) => c.serverCpuMs)} / ${ms(Math.max(...r.api.calls.map((c) => c.serverCpuMs)))} ms; service alone ${ms(pct(r.svc.perCallMs, 50))} / ${ms(Math.max(...r.svc.perCallMs))} ms).` +
      (r.conc ? ` Two clients: ${r.conc.seconds.toFixed(1)} s, server CPU ${r.conc.serverCpuS.toFixed(1)} s.` : ''),
    `  - checks (rows; recomputation time, cells, mismatches): ${r.checks
      .map(
        (c) =>
          `${c.label}: ${int(c.lines)} lines, ${int(c.allocations)} allocations; ${(c.recompute.ms / 1000).toFixed(1)} s, ${int(c.recompute.cells)} cells, ${c.recompute.mismatches} mismatches`,
      )
      .join('; ')}.`,
    `  - store for the reads: ${int(r.tree.lines)} lines, ${int(r.tree.allocations)} allocations, ${int(r.tree.dailyCells)} daily and ${int(r.tree.monthlyCells)} monthly roll-up cells, ` +
      `${(r.tree.bytes / 1024 ** 3).toFixed(2)} GiB; lines and allocations in ${r.tree.loadS.toFixed(0)} s (${int(TREE_BATCH)} lines per transaction), roll-ups ${r.tree.rollupS.toFixed(1)} s` +
      `${r.tree.afterLoad ? `; ${r.tree.afterLoad}` : ''}. Response bodies: ${r.tree.routes
        .slice(1)
        .map((x) => `${x.label.replace(/^GET \/api\/v1\//, '').replace(`month=${MONTH}&`, '')} ${(x.bytes / 1024).toFixed(0)} KiB`)
        .join(', ')}. ` +
      `Full recomputation: ${(r.tree.recompute.ms / 1000).toFixed(1)} s, ${int(r.tree.recompute.cells)} cells compared, ${r.tree.recompute.mismatches} mismatches.`,
  ].join('\n'),
);
const block = [header, '', mdTable(['figure', ...results.map((r) => r.dialect)], rows), '', ...details].join('\n');
console.log(`\nBilling bench\n\n${block}\n`);

if (readmePath) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const START = '<!-- bench:billing:start (written by `npm run bench:billing`; edit outside these markers) -->';
  const END = '<!-- bench:billing:end -->';
  const text = readFileSync(readmePath, 'utf8');
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  const generated = `${START}\n${block}\n${END}`;
  writeFileSync(
    readmePath,
    i >= 0 && j > i ? `${text.slice(0, i)}${generated}${text.slice(j + END.length)}` : `${text.trimEnd()}\n\n${generated}\n`,
  );
  log(`figures written to ${readmePath}`);
}
