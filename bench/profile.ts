import type { Profiler } from 'node:inspector';

export interface ProfileSummary {
  /** share of busy (non-idle) samples per area: a package, appmeta's src/, node core, GC */
  byArea: Array<{ area: string; pct: number }>;
  /** the functions with the most self time */
  top: Array<{ fn: string; pct: number }>;
  /** inclusive (self + callees) share of appmeta's own functions and the zod serializer */
  inclusive: Array<{ fn: string; pct: number }>;
  /** share of all samples the process was idle (waiting on I/O) */
  idlePct: number;
}

function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(garbage collector)') return 'GC';
    if (fn === '(program)') return 'V8/native (program)';
    // a native binding: `writev` is the socket write (on loopback the kernel's whole TCP path runs
    // inside it), `Statement` is better-sqlite3 preparing a statement, `run`/`all`/`get` execute one
    return fn ? `native ${fn}` : 'native (unnamed)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? 'node_modules');
  }
  if (url.includes('/src/')) return 'appmeta src/';
  if (url.startsWith('node:')) return 'node core';
  return 'other';
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

/** Self time by area and by function, from a V8 CPU profile. */
export function summarizeProfile(profile: Profiler.Profile, topN = 15): ProfileSummary {
  let total = 0;
  let idle = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + hits);
    const key = url
      ? `${functionName || '(anonymous)'} ${shortUrl(url)}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}`
      : functionName || '(native, unnamed)';
    fns.set(key, (fns.get(key) ?? 0) + hits);
  }
  const busy = Math.max(1, total - idle);

  // Inclusive time: every sample counts once for each distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (!f?.url) continue;
      const ours = f.url.includes('/src/') && !f.url.includes('/node_modules/');
      if (!ours && !f.url.includes('fastify-type-provider-zod')) continue;
      seen.add(`${f.functionName || '(anonymous)'} ${shortUrl(f.url)}${f.lineNumber > 0 ? `:${f.lineNumber + 1}` : ''}`);
    }
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
  }

  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    byArea: ranked(areas).map(([area, n]) => ({ area, pct: (100 * n) / busy })),
    top: ranked(fns)
      .slice(0, topN)
      .map(([fn, n]) => ({ fn, pct: (100 * n) / busy })),
    inclusive: ranked(inclusive)
      .slice(0, topN)
      .map(([fn, n]) => ({ fn, pct: (100 * n) / busy })),
    idlePct: (100 * idle) / Math.max(1, total),
  };
}
