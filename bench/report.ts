import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { HttpFigure, LatencySamples } from './http-load.ts';
import type { ProfileSummary } from './profile.ts';
import type { LoadResult } from './tree-load.ts';
import type { TreeShape } from './tree-shape.ts';

export interface TreeBreakdown {
  serviceMs: number;
  zodEncodeMs: number;
  stringifyMs: number;
  plainStringifyMs: number;
  bytes: number;
}

export interface DbResult {
  label: string;
  /** how the database was run */
  storage: string;
  service: LoadResult;
  /** when the service load hit its time budget: the rest of the tree, inserted raw into the same database */
  completion?: LoadResult;
  raw: LoadResult;
  rowNote: string;
  /** µs per app create, by variant */
  creates: Record<string, number>;
  hotSetSize: number;
  http: { a: HttpFigure; b: HttpFigure; c: HttpFigure; d: HttpFigure };
  tree: { full: LatencySamples; counts: LatencySamples };
  treeBreakdown: { full: TreeBreakdown; counts: TreeBreakdown };
  micro: Record<string, number>;
  profiles: Record<string, ProfileSummary>;
}

export interface RunMeta {
  date: string;
  nproc: number;
  cpu: string;
  memGiB: number;
  node: string;
  shape: TreeShape;
  apps: number;
  quick: boolean;
  connections: number;
  rounds: number;
  runS: number;
  warmupS: number;
  loadBudgetS: number;
  treeSamples: number;
  minutes: number;
  command: string;
  /** which code was measured */
  code: string;
}

export const TARGET = 0.7;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? int(n) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const pct = (n: number) => `${n >= 10 ? Math.round(n) : n.toFixed(1)}%`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const max = (xs: number[]) => Math.max(...xs);
const bytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

function load(l: LoadResult): string {
  return `${int(l.appsPerSec)} apps/s · ${int(l.rowsPerSec)} rows/s (${int(l.apps)} apps, ${int(l.rows)} rows in ${l.seconds.toFixed(1)} s)`;
}

function other(l: LoadResult): string {
  return l.otherCpuPct === undefined ? '' : `; meanwhile other processes used ${pct(l.otherCpuPct)} of a core`;
}

function serviceLoad(r: DbResult, budgetS: number): string {
  let out = load(r.service);
  if (r.completion) out += `; stopped at the ${budgetS} s budget, the other ${int(r.completion.apps)} apps inserted raw`;
  return out;
}

function http(f: HttpFigure, base?: HttpFigure, target = false): string {
  let out = `${int(f.reqPerSec)} req/s · p99 ${f.p99Ms} ms`;
  if (base) {
    const ratio = f.reqPerSec / base.reqPerSec;
    out += ` · **${pct(100 * ratio)}** of (a)`;
    // Server CPU per request is steadier than req/s on a shared machine: the same ratio by that measure.
    if (f.serverUsPerReq > 0) out += ` (by server CPU per request: ${pct((100 * base.serverUsPerReq) / f.serverUsPerReq)})`;
    if (target) out += ratio >= TARGET ? ' · target ≥70%: **met**' : ' · target ≥70%: **not met**';
  }
  if (f.non2xx || f.errors) out += ` · ${int(f.non2xx)} non-2xx, ${int(f.errors)} errors`;
  return out;
}

function lat(s: LatencySamples, which: 'coldMs' | 'warmMs'): string {
  return `${ms(median(s[which]))} / ${ms(max(s[which]))} ms`;
}

/** A Markdown table with padded cells, the way Biome formats Markdown (so `biome check bench` stays clean). */
export function mdTable(head: string[], rows: string[][]): string {
  const width = (cell: string) => [...cell].length;
  const widths = head.map((h, c) => Math.max(3, width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (cells: string[]) => `| ${widths.map((w, c) => (cells[c] ?? '') + ' '.repeat(w - width(cells[c] ?? ''))).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The compact table: one row per figure, one column per database. */
export function renderTable(results: DbResult[], meta: RunMeta): string {
  const row = (name: string, f: (r: DbResult) => string) => [name, ...results.map(f)];
  const hot = results[0]?.hotSetSize ?? 1000;
  const rows = [
    row(`1. load ${int(meta.apps)} apps through the service layer`, (r) => serviceLoad(r, meta.loadBudgetS)),
    row('1. raw inserts of the same rows (baseline)', (r) => load(r.raw)),
    row(
      '1. service ÷ raw (rows/s)',
      (r) =>
        `**${pct((100 * r.service.rowsPerSec) / r.raw.rowsPerSec)}** (raw is ${(r.raw.rowsPerSec / r.service.rowsPerSec).toFixed(0)}× faster)`,
    ),
    row('2a. GET /healthz (baseline)', (r) => http(r.http.a)),
    row('2b. GET /api/v1/me (auth only)', (r) => http(r.http.b, r.http.a)),
    row(`2c. GET /api/v1/apps/{appid}, hot set of ${int(hot)}`, (r) => http(r.http.c, r.http.a, true)),
    row(`2d. GET /api/v1/apps/{appid}, uniform over ${int(meta.apps)}`, (r) => http(r.http.d, r.http.a, true)),
    row('2a. (a) per round, req/s (noise)', (r) => r.http.a.roundsReqPerSec.map(int).join(' / ')),
    row('3. GET /api/v1/tree cold, median / max', (r) => lat(r.tree.full, 'coldMs')),
    row('3. GET /api/v1/tree warm, median / max', (r) => lat(r.tree.full, 'warmMs')),
    row('3. GET /api/v1/tree response size', (r) => `${bytes(r.tree.full.bytes)} (${int(r.tree.full.apps)} apps)`),
    row('3. GET /api/v1/tree?apps=false cold, median / max', (r) => lat(r.tree.counts, 'coldMs')),
    row('3. GET /api/v1/tree?apps=false warm, median / max', (r) => lat(r.tree.counts, 'warmMs')),
    row('3. GET /api/v1/tree?apps=false response size', (r) => bytes(r.tree.counts.bytes)),
  ];
  return mdTable(['figure', ...results.map((r) => r.label)], rows);
}

function details(r: DbResult, meta: RunMeta): string {
  const lines: string[] = [];
  lines.push(`#### ${r.label}`, '');
  lines.push(`- database: ${r.storage}`);
  lines.push(`- service load: ${r.service.method}${other(r.service)}.`);
  for (const p of r.service.phases) {
    lines.push(`  - ${p.label}: ${int(p.apps)} apps in ${p.seconds.toFixed(1)} s = ${int(p.apps / p.seconds)} apps/s`);
  }
  lines.push(`- raw load: ${r.raw.method}${other(r.raw)}.`);
  lines.push(
    `- rows written per table (service load): ${Object.entries(r.service.rowsByTable)
      .map(([t, n]) => `${t} ${int(n)}`)
      .join(', ')}`,
  );
  lines.push(`- ${r.rowNote}`);
  if (r.completion) {
    lines.push(
      `- the service load reached its time budget after ${int(r.service.apps)} apps; the remaining ${int(r.completion.apps)} apps ` +
        `(${int(r.completion.rows)} rows) were then inserted raw into the same database (${r.completion.seconds.toFixed(1)} s), ` +
        'so steps 2–3 ran on the whole tree. The service rate above is over the apps it did load.',
    );
  }
  lines.push('- steps 2–3 ran on the service-loaded database.');
  for (const [k, v] of Object.entries(r.creates)) lines.push(`- ${k}: ${int(v)} µs per app`);
  lines.push('');
  const figs = [r.http.a, r.http.b, r.http.c, r.http.d];
  lines.push(
    mdTable(
      [
        'HTTP run',
        'req/s',
        'per round',
        'p50',
        'p99 (worst round)',
        'server CPU',
        'server CPU per request',
        'load generator CPU per request',
        'other processes',
        'app-cache hits',
      ],
      figs.map((f) => [
        f.label,
        int(f.reqPerSec),
        f.roundsReqPerSec.map(int).join(' / '),
        `${f.p50Ms} ms`,
        `${f.p99Ms} ms`,
        `${pct(f.serverCpuPct)} of a core`,
        `${int(f.serverUsPerReq)} µs`,
        `${int(f.clientUsPerReq)} µs`,
        f.otherCpuPct === undefined ? '–' : `${pct(f.otherCpuPct)} of a core`,
        f.cacheHitPct === undefined ? '–' : pct(f.cacheHitPct),
      ]),
    ),
  );
  lines.push('');
  lines.push('In-process costs in the server process, no load running (µs per call):', '');
  lines.push(
    mdTable(
      ['operation', 'µs'],
      Object.entries(r.micro).map(([k, v]) => [k, v.toFixed(1)]),
    ),
  );
  lines.push('');
  const tb = (name: string, b: TreeBreakdown) => [
    name,
    `${ms(b.serviceMs)} ms`,
    `${ms(b.zodEncodeMs)} ms`,
    `${ms(b.stringifyMs)} ms`,
    `${ms(b.plainStringifyMs)} ms`,
    bytes(b.bytes),
  ];
  lines.push('What building the tree costs, in the server process (medians of 3):', '');
  lines.push(
    mdTable(
      [
        'variant',
        '`readBusinessLineTree` (3 queries + stitching)',
        'zod encode with `treeOut`',
        'JSON.stringify of that',
        'JSON.stringify of the plain object',
        'body',
      ],
      [tb('apps=true', r.treeBreakdown.full), tb('apps=false', r.treeBreakdown.counts)],
    ),
  );
  for (const [name, p] of Object.entries(r.profiles)) {
    lines.push('', `CPU profile of the server during ${name} (${meta.runS} s; % of busy samples; idle ${pct(p.idlePct)} of all):`, '');
    lines.push(
      `- by area: ${p.byArea
        .slice(0, 10)
        .map((a) => `${a.area} ${pct(a.pct)}`)
        .join(', ')}`,
    );
    lines.push(
      `- inclusive, appmeta and the zod serializer: ${p.inclusive
        .slice(0, 8)
        .map((f) => `\`${f.fn}\` ${pct(f.pct)}`)
        .join(', ')}`,
    );
    lines.push(
      `- top self time: ${p.top
        .slice(0, 8)
        .map((f) => `\`${f.fn}\` ${pct(f.pct)}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

/** The generated part of bench/README.md: figures, machine, and the details behind them. */
export function renderResults(results: DbResult[], meta: RunMeta): string {
  const shape = `${meta.shape.domains} domains × ${meta.shape.businessesPerDomain} businesses × ${meta.shape.appsPerBusiness} apps = ${int(meta.apps)} apps`;
  return [
    `Run \`${meta.command}\` on ${meta.date}: ${meta.nproc} cores (\`nproc\`), ${meta.cpu}, ${meta.memGiB} GiB RAM, Node ${meta.node}. ` +
      `Tree: ${shape}. HTTP: autocannon, ${meta.connections} connections, each route warmed up ${meta.warmupS} s, then measured in ` +
      `${meta.rounds} interleaved round(s) of ${meta.runS} s (a, b, c, d, a, b, …), load generator and server on the same cores. ` +
      `Tree latency: ${meta.treeSamples} cold and ${meta.treeSamples} warm samples. ` +
      `Code: ${meta.code}. Whole run: ${meta.minutes.toFixed(1)} min.`,
    '',
    renderTable(results, meta),
    '',
    '### Details',
    '',
    ...results.map((r) => `${details(r, meta)}\n`),
  ].join('\n');
}

const START = '<!-- bench:results:start (written by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated block in README.md (creating the file around it if needed). */
export function writeReadme(path: string, block: string): void {
  const generated = `${START}\n${block}\n${END}`;
  if (!existsSync(path)) {
    writeFileSync(path, `# Benchmarks\n\n${generated}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  writeFileSync(
    path,
    i >= 0 && j > i ? `${text.slice(0, i)}${generated}${text.slice(j + END.length)}` : `${text.trimEnd()}\n\n${generated}\n`,
  );
}
