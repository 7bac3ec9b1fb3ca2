/**
 * `npx tsx bench/run.ts [--quick] [--only sqlite|postgres] [--no-profile] [--no-readme] [--readme <path>]
 *  [--load-budget <s>] [--rounds <n>] [--pg-concurrency <n>]` (also `npm run bench:tree -- …`)
 *
 * For SQLite (a temp file, WAL) and then PostgreSQL (embedded, in a temp dir), prints each figure
 * beside a baseline measured in the same run: the tree loaded through the services vs raw inserts of
 * the same rows; app reads over HTTP vs the trivial route; the tree's latency cold and warm.
 * A full run writes its figures into bench/README.md. Every load is bounded in time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectDatabase, type DbHandle } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemContext } from '../src/modules/auth/principal.ts';
import { buildServices } from '../src/services.ts';
import {
  aggregate,
  type BenchServer,
  expectOk,
  type HttpFigure,
  type HttpSample,
  httpSample,
  type LoadSpec,
  latency,
  profiledRun,
  startServer,
  warmUp,
} from './http-load.ts';
import { withOtherCpu } from './machine.ts';
import { type BenchPostgres, startPostgres } from './postgres.ts';
import type { ProfileSummary } from './profile.ts';
import { type DbResult, type RunMeta, renderResults, renderTable, TARGET, type TreeBreakdown, writeReadme } from './report.ts';
import type { ServerConfig } from './server.ts';
import { countRows, type LoadResult, loadRaw, loadThroughServices, measureCreates, seedPrerequisites, TREE_TABLES } from './tree-load.ts';
import { allAppIds, appCount, FULL_SHAPE, QUICK_SHAPE, READER, seededRandom, type TreeShape } from './tree-shape.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-profile': { type: 'boolean', default: false },
    'no-readme': { type: 'boolean', default: false },
    /** write the figures to this file instead of bench/README.md (also for --quick and --only) */
    readme: { type: 'string' },
    'pg-concurrency': { type: 'string', default: '4' },
    'load-budget': { type: 'string' },
    rounds: { type: 'string' },
  },
  strict: true,
});

const quick = args.quick ?? false;
const shape: TreeShape = quick ? QUICK_SHAPE : FULL_SHAPE;
const CONNECTIONS = 50;
/** Each route is measured in ROUNDS runs of RUN_S seconds, interleaved a, b, c, d, a, b, …, so background load hits all alike. */
const ROUNDS = Math.max(1, Number(args.rounds ?? (quick ? 1 : 3)));
const RUN_S = quick ? 3 : 4;
const WARMUP_S = quick ? 1 : 2;
const TREE_SAMPLES = quick ? 3 : 7;
/** The service load stops starting new businesses after this; the rest of the tree is then inserted raw (and the report says so). */
const LOAD_BUDGET_MS = Number(args['load-budget'] ?? (quick ? 60 : 150)) * 1000;
const PG_CONCURRENCY = Math.max(1, Number(args['pg-concurrency']));
/** On PostgreSQL, this many businesses (×10 apps) are loaded one create at a time first, for the sequential rate. */
const PG_SEQUENTIAL_BUSINESSES = quick ? 20 : 200;
const CREATE_SAMPLE = quick ? 100 : 500;
const PROFILE = !(args['no-profile'] ?? false);
const dialects = (args.only ? [args.only] : ['sqlite', 'postgres']) as Array<'sqlite' | 'postgres'>;
for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--only sqlite|postgres, not ${d}`);

const log = (line: string) => process.stdout.write(`${line}\n`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Temp dirs and servers to remove on exit, in reverse order. */
const cleanups: Array<() => Promise<void>> = [];
async function cleanup(): Promise<void> {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) await step().catch(() => {});
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`\n${signal}: cleaning up`);
    // Stopping PostgreSQL under open connections makes them emit errors; the run is over anyway.
    process.on('uncaughtException', () => {});
    void cleanup().finally(() => process.exit(130));
  });
}

interface Target {
  label: string;
  storage: string;
  service(): DbHandle;
  serviceConfig: ServerConfig;
  serviceUrl?: string;
  raw(): DbHandle;
  rawUrl?: string;
}

function describeLoad(name: string, l: LoadResult): string {
  return `${name}: ${int(l.apps)} apps, ${int(l.rows)} rows in ${l.seconds.toFixed(1)} s = ${int(l.appsPerSec)} apps/s, ${int(l.rowsPerSec)} rows/s`;
}

type Spec = Omit<LoadSpec, 'connections' | 'durationS'>;

/** Warm every route up, then measure them interleaved, ROUNDS times. */
async function measureRoutes(server: BenchServer, specs: Spec[], tag: string): Promise<HttpFigure[]> {
  const full = specs.map((sp) => ({ ...sp, connections: CONNECTIONS, durationS: RUN_S }));
  for (const sp of full) await warmUp(server, sp, WARMUP_S);
  const samples: HttpSample[][] = full.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, sp] of full.entries()) {
      const sample = await httpSample(server, sp);
      samples[i]?.push(sample);
      const rps = (sample.requests * 1e6) / sample.wallUs;
      log(`${tag}   round ${round + 1} ${sp.label.padEnd(28)} ${int(rps).padStart(7)} req/s  p99 ${String(sample.p99Ms).padStart(4)} ms`);
    }
  }
  return full.map((sp, i) => aggregate(sp.label, samples[i] ?? []));
}

function logFigure(tag: string, f: HttpFigure, base?: HttpFigure): void {
  const ratio = base ? `  = ${((100 * f.reqPerSec) / base.reqPerSec).toFixed(0)}% of (a)` : '';
  const hits = f.cacheHitPct === undefined ? '' : `  cache hits ${f.cacheHitPct.toFixed(0)}%`;
  log(
    `${tag} ${f.label.padEnd(30)} ${int(f.reqPerSec).padStart(7)} req/s  p99 ${String(f.p99Ms).padStart(4)} ms  server ${int(f.serverUsPerReq)} µs/req${hits}${ratio}`,
  );
}

async function benchOne(target: Target): Promise<DbResult> {
  const tag = `[${target.label}]`;
  const apps = appCount(shape);

  // ── 1. load ──────────────────────────────────────────────────────────────
  let handle = target.service();
  await migrateToLatest(handle);
  let s = buildServices(handle);
  await seedPrerequisites(s, shape);
  const concurrency = handle.dialect === 'postgres' ? PG_CONCURRENCY : 1;
  log(`${tag} loading ${int(apps)} apps through the service layer (budget ${LOAD_BUDGET_MS / 1000} s)…`);
  const serviceRun = await withOtherCpu(() =>
    loadThroughServices(s, shape, {
      concurrency,
      sequentialBusinesses: PG_SEQUENTIAL_BUSINESSES,
      budgetMs: LOAD_BUDGET_MS,
      progress: (line) => log(`${tag}   ${line}`),
    }),
  );
  const service = { ...serviceRun.result, otherCpuPct: serviceRun.otherCpuPct };
  log(`${tag} ${describeLoad('service layer', service)}`);
  for (const p of service.phases) log(`${tag}   ${p.label}: ${int(p.apps / p.seconds)} apps/s`);
  let completion: LoadResult | undefined;
  if (!service.complete) {
    log(`${tag} time budget reached: inserting the remaining businesses raw into the same database, so steps 2–3 run on the whole tree`);
    completion = await loadRaw(handle, target.serviceUrl, shape, { fromBusiness: service.businesses });
    log(`${tag}   ${describeLoad('completed raw', completion)}`);
  }
  const serviceCounts = await countRows(handle.db);
  const issued = await s.tokens.issueForUser(systemContext, { user: READER, name: 'bench' });
  await handle.close();

  handle = target.raw();
  await migrateToLatest(handle);
  s = buildServices(handle);
  await seedPrerequisites(s, shape);
  const rawRun = await withOtherCpu(() => loadRaw(handle, target.rawUrl, shape));
  const raw = { ...rawRun.result, otherCpuPct: rawRun.otherCpuPct };
  const rawCounts = await countRows(handle.db);
  log(`${tag} ${describeLoad('raw inserts  ', raw)}`);
  log(
    `${tag} service ÷ raw = ${((100 * service.rowsPerSec) / raw.rowsPerSec).toFixed(1)}% (raw ${(raw.rowsPerSec / service.rowsPerSec).toFixed(0)}× faster)`,
  );
  const mismatched = TREE_TABLES.filter((t) => serviceCounts[t] !== rawCounts[t]);
  const rowNote =
    mismatched.length === 0
      ? `both databases hold the same number of rows in each of the ${TREE_TABLES.length} tree tables (${int(rawCounts.apps)} apps, ${int(TREE_TABLES.reduce((n, t) => n + rawCounts[t], 0))} rows).`
      : `row counts differ between the two databases in: ${mismatched.map((t) => `${t} (service ${serviceCounts[t]}, raw ${rawCounts[t]})`).join(', ')}.`;
  log(`${tag} ${rowNote}`);

  // What one create costs on a database that holds the whole tree.
  const creates: Record<string, number> = {};
  creates['apps.create on the loaded database, one at a time'] = await measureCreates(s, 'scratch', CREATE_SAMPLE);
  await handle.close();
  for (const [k, v] of Object.entries(creates)) log(`${tag} ${k}: ${int(v)} µs per app`);

  // ── 2. HTTP ──────────────────────────────────────────────────────────────
  const auth = { authorization: `Bearer ${issued.token}` };
  const ids = allAppIds(shape);
  const random = seededRandom(42);
  const hotSize = Math.min(1000, Math.floor(ids.length / 10));
  const hot: string[] = [];
  const taken = new Set<number>();
  while (hot.length < hotSize) {
    const i = Math.floor(random() * ids.length);
    if (!taken.has(i)) {
      taken.add(i);
      hot.push(ids[i] as string);
    }
  }
  const hotPaths = hot.map((id) => `/api/v1/apps/${id}`);
  let cursor = 0;
  const spec = {
    a: { label: '(a) GET /healthz', path: '/healthz' },
    b: { label: '(b) GET /api/v1/me', path: '/api/v1/me', headers: auth },
    c: {
      label: `(c) app, hot ${hot.length}`,
      headers: auth,
      // one cursor shared by all connections; the hot set is fetched once before each run so the
      // figure is the warm-cache read it is meant to be (see README: misses are not coalesced)
      nextPath: () => hotPaths[cursor++ % hotPaths.length] as string,
      prime: hotPaths,
    },
    d: {
      label: `(d) app, uniform ${ids.length}`,
      headers: auth,
      nextPath: () => `/api/v1/apps/${ids[Math.floor(Math.random() * ids.length)]}`,
    },
  } satisfies Record<string, Spec>;

  const server = await startServer(target.serviceConfig);
  try {
    const me = (await expectOk(`${server.url}/api/v1/me`, auth)) as { name: string; isAdmin: boolean };
    if (me.name !== READER || me.isAdmin) throw new Error(`unexpected /me: ${JSON.stringify(me)}`);
    await expectOk(`${server.url}/api/v1/apps/${hot[0]}`, auth);
    await expectOk(`${server.url}/api/v1/apps/${ids[ids.length - 1]}`, auth);

    const [a, b, c, d] = (await measureRoutes(server, [spec.a, spec.b, spec.c, spec.d], tag)) as [
      HttpFigure,
      HttpFigure,
      HttpFigure,
      HttpFigure,
    ];
    logFigure(tag, a);
    for (const f of [b, c, d]) logFigure(tag, f, a);
    for (const [name, f] of [
      ['(c)', c],
      ['(d)', d],
    ] as const) {
      const ratio = f.reqPerSec / a.reqPerSec;
      log(`${tag} ${name} ÷ (a) = ${(100 * ratio).toFixed(0)}% — target ≥70% ${ratio >= TARGET ? 'met' : 'NOT met'}`);
    }

    // ── 3. tree ────────────────────────────────────────────────────────────
    const full = await latency(server, '/api/v1/tree', auth, TREE_SAMPLES);
    const counts = await latency(server, '/api/v1/tree?apps=false', auth, TREE_SAMPLES);
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    for (const [name, l] of [
      ['/api/v1/tree', full],
      ['/api/v1/tree?apps=false', counts],
    ] as const) {
      log(
        `${tag} GET ${name}: cold median ${med(l.coldMs).toFixed(0)} ms (max ${Math.max(...l.coldMs).toFixed(0)}), ` +
          `warm median ${med(l.warmMs).toFixed(0)} ms (max ${Math.max(...l.warmMs).toFixed(0)}), ${int(l.bytes)} bytes`,
      );
    }

    // ── diagnostics: where the time goes ──────────────────────────────────
    const treeBreakdown = {
      full: await server.request<TreeBreakdown>({ type: 'tree-breakdown', withApps: true, samples: 3 }),
      counts: await server.request<TreeBreakdown>({ type: 'tree-breakdown', withApps: false, samples: 3 }),
    };
    const sample = Array.from({ length: 500 }, () => ids[Math.floor(random() * ids.length)] as string);
    const micro = await server.request<Record<string, number>>({
      type: 'micro',
      appids: [hot[0] as string, ...sample],
      token: issued.token,
      budgetMs: quick ? 200 : 1000,
    });
    for (const [k, v] of Object.entries(micro)) log(`${tag}   ${k}: ${v.toFixed(1)} µs`);
    for (const [k, b] of Object.entries(treeBreakdown)) {
      log(
        `${tag}   tree ${k === 'full' ? 'apps=true ' : 'apps=false'}: readBusinessLineTree ${b.serviceMs.toFixed(0)} ms, zod encode ${b.zodEncodeMs.toFixed(0)} ms, ` +
          `JSON.stringify ${b.stringifyMs.toFixed(0)} ms (without zod: ${b.plainStringifyMs.toFixed(0)} ms)`,
      );
    }
    const profiles: Record<string, ProfileSummary> = {};
    if (PROFILE) {
      for (const sp of [spec.a, spec.c, spec.d]) {
        const p = await profiledRun(server, { ...sp, connections: CONNECTIONS, durationS: RUN_S }, WARMUP_S);
        profiles[sp.label] = p;
        log(
          `${tag} profile ${sp.label}: ${p.byArea
            .slice(0, 6)
            .map((x) => `${x.area} ${x.pct.toFixed(0)}%`)
            .join(', ')}`,
        );
      }
    }
    return {
      label: target.label,
      storage: target.storage,
      service,
      completion,
      raw,
      rowNote,
      creates,
      hotSetSize: hot.length,
      http: { a, b, c, d },
      tree: { full, counts },
      treeBreakdown,
      micro,
      profiles,
    };
  } finally {
    await server.stop();
  }
}

async function sqliteTarget(dir: string): Promise<Target> {
  const servicePath = join(dir, 'service.db');
  const rawPath = join(dir, 'raw.db');
  return {
    label: 'SQLite',
    storage: `better-sqlite3 file in ${dir} (disk-backed), opened by connectDatabase: WAL, synchronous=NORMAL, foreign keys on`,
    service: () => connectDatabase({ sqlitePath: servicePath }),
    serviceConfig: { sqlitePath: servicePath },
    raw: () => connectDatabase({ sqlitePath: rawPath }),
  };
}

async function postgresTarget(pg: BenchPostgres): Promise<Target> {
  const serviceUrl = await pg.createDatabase('bench_service');
  const rawUrl = await pg.createDatabase('bench_raw');
  return {
    label: 'PostgreSQL',
    storage:
      `embedded PostgreSQL 18 in ${pg.dir}, fsync/synchronous_commit/full_page_writes off as in test/global-setup.ts; ` +
      `pg pool of ${PG_CONCURRENCY + 2} for the load, the default 10 for the server`,
    service: () => connectDatabase({ databaseUrl: serviceUrl, poolSize: PG_CONCURRENCY + 2 }),
    serviceConfig: { databaseUrl: serviceUrl },
    serviceUrl,
    raw: () => connectDatabase({ databaseUrl: rawUrl, poolSize: 2 }),
    rawUrl,
  };
}

/** The commit, and how many files under src/ differed from it when the run started. */
function codeVersion(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return dirty ? `commit ${head} plus uncommitted changes to ${dirty} paths under src/` : `commit ${head}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const codeAtStart = codeVersion();
  const dir = await mkdtemp(join(tmpdir(), 'appmeta-bench-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  log(
    `appmeta bench${quick ? ' (--quick)' : ''}: ${shape.domains} × ${shape.businessesPerDomain} × ${shape.appsPerBusiness} = ${int(appCount(shape))} apps; ${dialects.join(', ')}`,
  );

  const results: DbResult[] = [];
  for (const dialect of dialects) {
    let target: Target;
    if (dialect === 'sqlite') target = await sqliteTarget(dir);
    else {
      log('[PostgreSQL] starting embedded PostgreSQL…');
      const pg = await startPostgres();
      cleanups.push(() => pg.stop());
      target = await postgresTarget(pg);
    }
    results.push(await benchOne(target));
  }

  const minutes = (performance.now() - started) / 60_000;
  const meta: RunMeta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    shape,
    apps: appCount(shape),
    quick,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    runS: RUN_S,
    warmupS: WARMUP_S,
    loadBudgetS: LOAD_BUDGET_MS / 1000,
    treeSamples: TREE_SAMPLES,
    minutes,
    code:
      codeVersion() === codeAtStart
        ? codeAtStart
        : `${codeAtStart} at the start, ${codeVersion()} at the end (the code changed during the run)`,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  };
  log('');
  log(renderTable(results, meta));
  log('');
  if (args.readme || (!quick && !args['no-readme'] && dialects.length === 2)) {
    const readme = args.readme ?? fileURLToPath(new URL('./README.md', import.meta.url));
    writeReadme(readme, renderResults(results, meta));
    log(`figures written to ${readme}`);
  } else {
    log('(bench/README.md left as it is: only a full run of both databases writes it)');
  }
  log(`whole run: ${minutes.toFixed(1)} min`);
}

main()
  .catch((error: unknown) => {
    // After Ctrl-C the loads fail as their connections go away: not worth a stack trace.
    if (interrupted) return;
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
