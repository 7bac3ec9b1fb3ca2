import { type Kysely, sql } from 'kysely';
import { type DialectName, sumAsText } from '../../../db/dialect.ts';
import type { Database } from '../../../db/schema.ts';
import { microsFrom } from '../../../shared/money.ts';

/** One app's cost for a month in one currency, with where the app sits in both hierarchies. */
export interface AppMonthCost {
  /** '' for a tenant's unallocated cost */
  appId: string;
  tenant: string;
  currency: string;
  amount: bigint;
  /** null for unallocated cost and for apps deleted since */
  app: {
    appid: string;
    title: string;
    businessKey: string;
    businessTitle: string;
    domain: string;
    domainTitle: string;
    product: string;
    productTitle: string;
    orgId: string;
  } | null;
}

/**
 * Every app's total for `month` (per currency; tenant unallocated cost per tenant), from the
 * monthly roll-up — one index range on the month, a few rows per app — joined once to the tree.
 */
export async function appMonthCosts(
  db: Kysely<Database>,
  dialect: DialectName,
  month: string,
  tenantId: string | undefined,
): Promise<AppMonthCost[]> {
  const rows = await sql<{
    app_id: string;
    tenant: string;
    currency: string;
    amount: string;
    appid: string | null;
    app_title: string | null;
    business: string | null;
    business_title: string | null;
    domain: string | null;
    domain_title: string | null;
    product: string | null;
    product_title: string | null;
    org_id: string | null;
  }>`
    select s.app_id, t.name as tenant, s.currency, s.amount, a.appid, a.title as app_title,
      b.name as business, b.title as business_title, d.name as domain, d.title as domain_title,
      p.name as product, p.title as product_title, p.org_id
    from (
      select app_id, case when app_id = '' then tenant_id else '' end as tenant_key, min(tenant_id) as tenant_id, currency,
        ${sumAsText(dialect, sql`amount_micros`)} as amount
      from cost_monthly
      where month = ${month} ${tenantId ? sql`and tenant_id = ${tenantId}` : sql``}
      group by app_id, case when app_id = '' then tenant_id else '' end, currency
    ) s
    join tenants t on t.id = s.tenant_id
    left join apps a on a.id = s.app_id
    left join businesses b on b.id = a.business_id
    left join domains d on d.id = b.domain_id
    left join products p on p.id = b.product_id`.execute(db);
  return rows.rows.map((r) => ({
    appId: r.app_id,
    tenant: r.tenant,
    currency: r.currency,
    amount: microsFrom(r.amount),
    app:
      r.appid === null
        ? null
        : {
            appid: r.appid,
            title: r.app_title ?? '',
            businessKey: `${r.domain}.${r.business}`,
            businessTitle: r.business_title ?? '',
            domain: r.domain ?? '',
            domainTitle: r.domain_title ?? '',
            product: r.product ?? '',
            productTitle: r.product_title ?? '',
            orgId: r.org_id ?? '',
          },
  }));
}
