import { allocate } from '../../shared/money.ts';

/** One attachment of a resource, as a validity interval [from, to) in epoch milliseconds. */
export interface HolderInterval {
  appId: string;
  env: string;
  weight: number;
  from: number;
  /** null: still attached */
  to: number | null;
}

/** A share of a bill line. `appId` and `env` are '' for the tenant's unallocated bucket. */
export interface CostPart {
  appId: string;
  env: string;
  amount: bigint;
}

const UNALLOCATED = '';

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Charges `amount` for the period [start, end) to the apps that held the resource then.
 *
 * At each instant the resource's cost is shared by the attachments valid at that instant in
 * proportion to their weights; time with no attachment goes to the unallocated bucket. Each
 * holder's share of the whole period is therefore Σ over the intervals it overlapped of
 * (overlap × weight / total weight then). Those shares are made integers exactly — every weight
 * sum W is scaled by lcm(all W) / W — and the amount is split once by largest remainder, so the
 * parts always add up to `amount` and the same input always gives the same parts.
 *
 * Parts come out ordered by app id then environment, the unallocated part (if any) last; a
 * holder that attached and detached several times in the period gets one part.
 */
export function attribute(amount: bigint, start: number, end: number, holders: readonly HolderInterval[]): CostPart[] {
  if (!(end > start)) throw new RangeError('the period must end after it starts');
  // The common case first, without allocating: one holder over the whole period, or none.
  let overlapping = 0;
  let only: HolderInterval | undefined;
  for (const h of holders) {
    if (h.from < end && (h.to === null || h.to > start)) {
      overlapping++;
      only = h;
    }
  }
  if (only === undefined) return [{ appId: UNALLOCATED, env: UNALLOCATED, amount }];
  if (overlapping === 1 && only.from <= start && (only.to === null || only.to >= end)) {
    return [{ appId: only.appId, env: only.env, amount }];
  }
  const relevant = holders.filter((h) => h.from < end && (h.to === null || h.to > start));

  const cuts = new Set<number>([start, end]);
  for (const h of relevant) {
    if (h.from > start) cuts.add(h.from);
    if (h.to !== null && h.to < end) cuts.add(h.to);
  }
  const points = [...cuts].sort((a, b) => a - b);

  // Segments between consecutive cuts have a constant set of holders.
  const segments: Array<{ length: bigint; active: HolderInterval[]; total: bigint }> = [];
  let scale = 1n;
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const active = relevant.filter((h) => h.from <= from && (h.to === null || h.to > from));
    const total = active.reduce((s, h) => s + BigInt(h.weight), 0n);
    if (total > 0n) scale = (scale / gcd(scale, total)) * total;
    segments.push({ length: BigInt(to - from), active, total });
  }

  const weights = new Map<string, { appId: string; env: string; weight: bigint }>();
  const add = (appId: string, env: string, w: bigint) => {
    const key = `${appId}\u0000${env}`;
    const entry = weights.get(key);
    if (entry) entry.weight += w;
    else weights.set(key, { appId, env, weight: w });
  };
  for (const s of segments) {
    if (s.total === 0n) add(UNALLOCATED, UNALLOCATED, s.length * scale);
    else for (const h of s.active) add(h.appId, h.env, (s.length * BigInt(h.weight) * scale) / s.total);
  }

  const entries = [...weights.values()].sort((a, b) => {
    if (a.appId === UNALLOCATED || b.appId === UNALLOCATED) return a.appId === UNALLOCATED ? 1 : -1;
    return a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : a.env < b.env ? -1 : a.env > b.env ? 1 : 0;
  });
  const parts = allocate(
    amount,
    entries.map((e) => e.weight),
  );
  return entries.map((e, i) => ({ appId: e.appId, env: e.env, amount: parts[i] as bigint }));
}
