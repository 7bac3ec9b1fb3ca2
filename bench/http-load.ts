import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { machineBusyUs } from './machine.ts';
import type { ProfileSummary } from './profile.ts';
import type { ServerConfig, ServerRequest } from './server.ts';

export interface BenchServer {
  url: string;
  request<T>(body: ServerRequest): Promise<T>;
  stop(): Promise<void>;
}

interface ServerStats {
  cpuUs: number;
  hits: number;
  misses: number;
  rss: number;
}

/**
 * Forks bench/server.ts (the app built by buildApp over buildServices) on its own event loop, as
 * production runs it, and talks to it over IPC. Resolves once it listens on 127.0.0.1.
 */
export async function startServer(config: ServerConfig): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  child.on('message', (msg: { id: number; body?: unknown; error?: string }) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(`bench server: ${msg.error}`));
    else w.resolve(msg.body);
  });
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      for (const w of waiting.values()) w.reject(new Error('bench server exited'));
      waiting.clear();
      resolve();
    });
  });
  const ready = new Promise<{ port: number }>((resolve, reject) => {
    waiting.set(0, { resolve: (v) => resolve(v as { port: number }), reject });
  });
  const timer = setTimeout(() => waiting.get(0)?.reject(new Error('bench server did not start within 60 s')), 60_000);
  const { port } = await ready.finally(() => clearTimeout(timer));

  return {
    url: `http://127.0.0.1:${port}`,
    request<T>(body: ServerRequest): Promise<T> {
      if (exited) return Promise.reject(new Error('bench server exited'));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: (v) => resolve(v as T), reject });
        child.send({ id, body });
      });
    },
    async stop() {
      if (exited) return;
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

/** One measured autocannon run. */
export interface HttpSample {
  requests: number;
  wallUs: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  serverCpuUs: number;
  clientCpuUs: number;
  /** CPU time of the whole machine (all processes, and steal) over the run, from /proc/stat */
  machineBusyUs?: number;
  hits: number;
  lookups: number;
}

/** One route, aggregated over its rounds. CPU percentages are of one core (the machine has `nproc` of them). */
export interface HttpFigure {
  label: string;
  samples: HttpSample[];
  /** completed requests ÷ measured seconds, over all rounds */
  reqPerSec: number;
  roundsReqPerSec: number[];
  /** median of the rounds' p50 */
  p50Ms: number;
  /** the worst round's p99 */
  p99Ms: number;
  non2xx: number;
  errors: number;
  serverCpuPct: number;
  serverUsPerReq: number;
  clientCpuPct: number;
  clientUsPerReq: number;
  /** everything else on the machine (other sessions; PostgreSQL too, on the PostgreSQL runs) */
  otherCpuPct?: number;
  cacheHitPct?: number;
}

export interface LoadSpec {
  label: string;
  /** a fixed path, or a path picked per request (autocannon `requests` with `setupRequest`) */
  path?: string;
  nextPath?: () => string;
  /** paths fetched once (8 at a time, not measured) before every warm-up and measured run, to fill the app cache */
  prime?: string[];
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
}

function cannon(url: string, spec: LoadSpec, durationS: number): Promise<autocannon.Result> {
  // setupRequest rebuilds the request buffer every time: load generator CPU, which this machine takes
  // from the server; the report shows it per request.
  const requests: autocannon.Request[] | undefined = spec.nextPath
    ? [{ method: 'GET', setupRequest: (req) => ({ ...req, path: (spec.nextPath as () => string)() }) }]
    : undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}${spec.path ?? '/'}`,
        connections: spec.connections,
        duration: durationS,
        timeout: 10,
        headers: spec.headers,
        requests,
      },
      (err, result) => {
        clearTimeout(guard);
        if (err) reject(err);
        else resolve(result);
      },
    );
    // autocannon stops by itself after `duration`; this only guards against a wedged run.
    const guard = setTimeout(() => instance.stop(), (durationS + 30) * 1000);
  });
}

/** One bounded autocannon run (the caller warms up), with server CPU, machine CPU and cache counters. */
export async function httpSample(server: BenchServer, spec: LoadSpec): Promise<HttpSample> {
  if (spec.prime) await prime(server, spec.prime, spec.headers ?? {});
  const s0 = await server.request<ServerStats>({ type: 'stats' });
  const m0 = machineBusyUs();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await cannon(server.url, spec, spec.durationS);
  const wallUs = (performance.now() - t0) * 1000;
  const c1 = process.cpuUsage(c0);
  const m1 = machineBusyUs();
  const s1 = await server.request<ServerStats>({ type: 'stats' });
  return {
    requests: r.requests.total,
    wallUs,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    serverCpuUs: s1.cpuUs - s0.cpuUs,
    clientCpuUs: c1.user + c1.system,
    ...(m0 !== undefined && m1 !== undefined && { machineBusyUs: m1 - m0 }),
    hits: s1.hits - s0.hits,
    lookups: s1.hits - s0.hits + (s1.misses - s0.misses),
  };
}

/** An unmeasured run, to warm the JIT, connections and caches. */
export async function warmUp(server: BenchServer, spec: LoadSpec, seconds: number): Promise<void> {
  if (spec.prime) await prime(server, spec.prime, spec.headers ?? {});
  if (seconds > 0) await cannon(server.url, spec, seconds);
}

/** GETs every path once, 8 at a time (distinct paths, so no two requests miss the cache for the same app). */
export async function prime(server: BenchServer, paths: string[], headers: Record<string, string>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await timedGet(`${server.url}${paths[next++]}`, headers);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export function aggregate(label: string, samples: HttpSample[]): HttpFigure {
  const total = (f: (s: HttpSample) => number) => samples.reduce((n, s) => n + f(s), 0);
  const wall = total((s) => s.wallUs);
  const requests = total((s) => s.requests);
  const server = total((s) => s.serverCpuUs);
  const client = total((s) => s.clientCpuUs);
  const lookups = total((s) => s.lookups);
  const p50s = samples.map((s) => s.p50Ms).sort((a, b) => a - b);
  const machine = samples.every((s) => s.machineBusyUs !== undefined) ? total((s) => s.machineBusyUs ?? 0) : undefined;
  return {
    label,
    samples,
    reqPerSec: (requests * 1e6) / wall,
    roundsReqPerSec: samples.map((s) => (s.requests * 1e6) / s.wallUs),
    p50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p99Ms: Math.max(...samples.map((s) => s.p99Ms)),
    non2xx: total((s) => s.non2xx),
    errors: total((s) => s.errors),
    serverCpuPct: (100 * server) / wall,
    serverUsPerReq: requests ? server / requests : 0,
    clientCpuPct: (100 * client) / wall,
    clientUsPerReq: requests ? client / requests : 0,
    ...(machine !== undefined && { otherCpuPct: Math.max(0, (100 * (machine - server - client)) / wall) }),
    // Routes that read apps look the cache up once per request; a stray lookup or two (requests still in
    // flight from the previous run) must not give /healthz a hit rate.
    ...(lookups >= requests / 2 && lookups > 0 && { cacheHitPct: (100 * total((s) => s.hits)) / lookups }),
  };
}

/** Runs a load while the server records a CPU profile; returns the profile summary. */
export async function profiledRun(server: BenchServer, spec: LoadSpec, warmupS: number): Promise<ProfileSummary> {
  await warmUp(server, spec, warmupS);
  await server.request({ type: 'profile-start' });
  try {
    await cannon(server.url, spec, spec.durationS);
  } catch (error) {
    await server.request({ type: 'profile-stop' }).catch(() => {});
    throw error;
  }
  return server.request<ProfileSummary>({ type: 'profile-stop' });
}

export interface LatencySamples {
  coldMs: number[];
  warmMs: number[];
  bytes: number;
  apps: number;
}

async function timedGet(url: string, headers: Record<string, string>): Promise<{ ms: number; body: Buffer }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.subarray(0, 200).toString()}`);
  return { ms, body };
}

/**
 * Latency of one path, cold (the server's tree cache emptied first) and warm (the request right after),
 * `samples` of each, measured at the client to the last byte.
 */
export async function latency(
  server: BenchServer,
  path: string,
  headers: Record<string, string>,
  samples: number,
): Promise<LatencySamples> {
  const url = `${server.url}${path}`;
  const out: LatencySamples = { coldMs: [], warmMs: [], bytes: 0, apps: 0 };
  // One unmeasured round so the route, the serializer and the connection are warm (JIT, not cache).
  await server.request({ type: 'invalidate' });
  await timedGet(url, headers);
  for (let i = 0; i < samples; i++) {
    await server.request({ type: 'invalidate' });
    const cold = await timedGet(url, headers);
    out.coldMs.push(cold.ms);
    const warm = await timedGet(url, headers);
    out.warmMs.push(warm.ms);
    out.bytes = warm.body.length;
  }
  const parsed = JSON.parse((await timedGet(url, headers)).body.toString()) as { counts: { apps: number } };
  out.apps = parsed.counts.apps;
  return out;
}

/** GET once and check the status, before a load that would only count non-2xx. */
export async function expectOk(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const { body } = await timedGet(url, headers);
  return JSON.parse(body.toString());
}
