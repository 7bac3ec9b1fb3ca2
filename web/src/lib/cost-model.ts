import { chartValue, sumMoney } from './money';

export interface CostRow {
  key: Partial<Record<string, string | null>>;
  currency: string;
  amount: string;
}

export interface CostNode {
  name: string;
  /** the key value (null = unallocated) */
  id: string | null;
  amount: string;
  /** for chart geometry only */
  value: number;
  children?: CostNode[];
}

/**
 * Nests flat cost rows into a hierarchy along `levels` (e.g. ['business', 'app']), summing amounts
 * exactly at each level. A null key is the "unallocated" bucket, labelled `unallocatedLabel`.
 */
export function nestRows(rows: readonly CostRow[], levels: readonly string[], unallocatedLabel: string): CostNode[] {
  const build = (subset: readonly CostRow[], depth: number): CostNode[] => {
    const level = levels[depth];
    if (level === undefined) return [];
    const groups = new Map<string | null, CostRow[]>();
    for (const r of subset) {
      const k = r.key[level] ?? null;
      const list = groups.get(k) ?? [];
      list.push(r);
      groups.set(k, list);
    }
    return [...groups.entries()]
      .map(([id, list]) => {
        const amount = sumMoney(list.map((r) => r.amount));
        const children = depth + 1 < levels.length ? build(list, depth + 1) : undefined;
        return { name: id ?? unallocatedLabel, id, amount, value: chartValue(amount), ...(children && { children }) };
      })
      .sort((a, b) => b.value - a.value);
  };
  return build(rows, 0);
}

/** Months ('YYYY-MM') of a `groupBy=month` report, in order, with zero for months without rows. */
export function monthSeries(rows: readonly CostRow[], months: readonly string[]): Array<{ month: string; amount: string }> {
  return months.map((m) => {
    const list = rows.filter((r) => r.key.month === m);
    return { month: m, amount: list.length ? sumMoney(list.map((r) => r.amount)) : '0' };
  });
}
