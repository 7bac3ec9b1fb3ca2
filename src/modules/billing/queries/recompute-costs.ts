import { type Kysely, sql } from 'kysely';
import { type DialectName, sumAsText } from '../../../db/dialect.ts';
import type { Database } from '../../../db/schema.ts';
import { microsFrom } from '../../../shared/money.ts';

/** A roll-up cell where the maintained value and the recomputation disagree. */
export interface RollupMismatch {
  table: 'cost_daily' | 'cost_monthly';
  cell: string;
  maintained: bigint;
  recomputed: bigint;
}

/**
 * Recomputes both roll-ups from scratch — every allocation of every bill line, grouped by period,
 * app, environment, type, tenant and currency — and compares them cell by cell with the maintained
 * tables. Returns the cells that differ (none, when ingestion kept them right). A full scan of the
 * allocations: for checks and the benchmark, not for serving requests.
 */
export async function recomputeCosts(db: Kysely<Database>, dialect: DialectName): Promise<{ cells: number; mismatches: RollupMismatch[] }> {
  const mismatches: RollupMismatch[] = [];
  let cells = 0;
  for (const [table, period] of [
    ['cost_daily', sql`l.booked_day`],
    ['cost_monthly', sql`substr(l.booked_day, 1, 7)`],
  ] as const) {
    const recomputed = await sql<{ k: string; amount: string }>`
      select ${period} || '|' || a.app_id || '|' || a.env || '|' || l.resource_type || '|' || l.tenant_id || '|' || l.currency as k,
        ${sumAsText(dialect, sql`a.amount_micros`)} as amount
      from cost_allocations a join bill_lines l on l.id = a.line_id
      group by ${period}, a.app_id, a.env, l.resource_type, l.tenant_id, l.currency`.execute(db);
    const col = table === 'cost_daily' ? sql`day` : sql`month`;
    const maintained = await sql<{ k: string; amount: string }>`
      select ${col} || '|' || app_id || '|' || env || '|' || type || '|' || tenant_id || '|' || currency as k,
        cast(amount_micros as text) as amount
      from ${sql.table(table)}`.execute(db);
    const want = new Map(recomputed.rows.map((r) => [r.k, microsFrom(r.amount)]));
    for (const r of maintained.rows) {
      cells++;
      const have = microsFrom(r.amount);
      const expected = want.get(r.k) ?? 0n;
      want.delete(r.k);
      if (have !== expected) mismatches.push({ table, cell: r.k, maintained: have, recomputed: expected });
    }
    for (const [k, v] of want) mismatches.push({ table, cell: k, maintained: 0n, recomputed: v });
  }
  return { cells, mismatches };
}
