import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type DialectName, sumAsText } from '../../../db/dialect.ts';
import type { Database } from '../../../db/schema.ts';
import { microsFrom } from '../../../shared/money.ts';

export const COST_GROUPS = ['org', 'product', 'domain', 'business', 'app', 'env', 'type', 'tenant', 'month', 'day'] as const;
export type CostGroup = (typeof COST_GROUPS)[number];

/** Restricts costs to a tree node (by id), a tenant and/or a currency. */
export interface CostFilter {
  app?: string;
  business?: string;
  domain?: string;
  product?: string;
  /** org ids: the org and every org below it */
  orgs?: string[];
  tenantId?: string;
  currency?: string;
}

/** A period slice: whole months from the monthly roll-up, or days from the daily one. [from, to) */
export type CostSlice = { table: 'cost_monthly'; from: string; to: string } | { table: 'cost_daily'; from: string; to: string };

export interface CostSum {
  key: Partial<Record<CostGroup, string | null>>;
  currency: string;
  amount: bigint;
}

/**
 * The SQL for each grouping. `''` app/env are the unallocated bucket and come out as null; an app
 * deleted after it was charged comes out as `(deleted)` with null business, domain, product, org.
 */
function expression(group: CostGroup, slice: CostSlice): RawBuilder<unknown> {
  switch (group) {
    case 'app':
      return sql`case when c.app_id = '' then null else coalesce(a.appid, '(deleted)') end`;
    case 'env':
      return sql`nullif(c.env, '')`;
    case 'type':
      return sql`c.type`;
    case 'tenant':
      return sql`t.name`;
    case 'domain':
      return sql`d.name`;
    case 'business':
      return sql`d.name || '.' || b.name`;
    case 'product':
      return sql`p.name`;
    case 'org':
      return sql`o.name`;
    case 'month':
      return slice.table === 'cost_monthly' ? sql`c.month` : sql`substr(c.day, 1, 7)`;
    case 'day':
      return sql`c.day`;
  }
}

/**
 * Sums maintained roll-up cells of one period slice, grouped by `groups` and currency. Reads the
 * roll-up (a few rows per app and period), never bill lines. Joins only what the grouping and the
 * filter need. Amounts are summed in the database as 64-bit integers and read back as text.
 */
export async function sumCosts(
  db: Kysely<Database>,
  dialect: DialectName,
  slice: CostSlice,
  groups: readonly CostGroup[],
  f: CostFilter,
): Promise<CostSum[]> {
  const needs = new Set<string>();
  for (const g of groups) {
    if (g === 'app') needs.add('a');
    if (g === 'domain' || g === 'business') needs.add('d');
    if (g === 'product') needs.add('p');
    if (g === 'org') needs.add('o');
    if (g === 'tenant') needs.add('t');
  }
  if (f.business || f.domain || f.product || f.orgs) needs.add('b');
  if (f.orgs) needs.add('p');
  if (needs.has('o')) needs.add('p');
  if (needs.has('d') || needs.has('p')) needs.add('b');
  if (needs.has('b')) needs.add('a');

  const period = slice.table === 'cost_monthly' ? 'month' : 'day';
  const joins: RawBuilder<unknown>[] = [];
  if (needs.has('a')) joins.push(sql`left join apps a on a.id = c.app_id`);
  if (needs.has('b')) joins.push(sql`left join businesses b on b.id = a.business_id`);
  if (needs.has('d')) joins.push(sql`left join domains d on d.id = b.domain_id`);
  if (needs.has('p')) joins.push(sql`left join products p on p.id = b.product_id`);
  if (needs.has('o')) joins.push(sql`left join orgs o on o.id = p.org_id`);
  if (needs.has('t')) joins.push(sql`join tenants t on t.id = c.tenant_id`);

  const where: RawBuilder<unknown>[] = [sql`c.${sql.ref(period)} >= ${slice.from}`, sql`c.${sql.ref(period)} < ${slice.to}`];
  if (f.app) where.push(sql`c.app_id = ${f.app}`);
  if (f.business) where.push(sql`a.business_id = ${f.business}`);
  if (f.domain) where.push(sql`b.domain_id = ${f.domain}`);
  if (f.product) where.push(sql`b.product_id = ${f.product}`);
  if (f.orgs) where.push(sql`p.org_id in (${sql.join(f.orgs)})`);
  if (f.tenantId) where.push(sql`c.tenant_id = ${f.tenantId}`);
  if (f.currency) where.push(sql`c.currency = ${f.currency}`);

  const selected = groups.map((g) => sql`${expression(g, slice)} as ${sql.ref(`g_${g}`)}`);
  const grouping = [...groups.map((g) => expression(g, slice)), sql`c.currency`];
  const rows = await sql<Record<string, string | null>>`
    select ${sql.join([...selected, sql`c.currency as currency`, sql`${sumAsText(dialect, sql`c.amount_micros`)} as amount`])}
    from ${sql.table(slice.table)} c ${joins.length > 0 ? sql.join(joins, sql` `) : sql``}
    where ${sql.join(where, sql` and `)}
    group by ${sql.join(grouping)}`.execute(db);
  return rows.rows.map((r) => ({
    key: Object.fromEntries(groups.map((g) => [g, r[`g_${g}`] ?? null])),
    currency: r.currency as string,
    amount: microsFrom(r.amount),
  }));
}
