import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';

export interface TreeApp {
  name: string;
  title: string;
  level: string;
}

export interface TreeBusiness {
  name: string;
  title: string;
  product: string;
  appCount: number;
  apps?: TreeApp[];
}

export interface TreeDomain {
  name: string;
  title: string;
  businessCount: number;
  appCount: number;
  businesses: TreeBusiness[];
}

export interface BusinessLineTree {
  counts: { domains: number; businesses: number; apps: number };
  domains: TreeDomain[];
}

/**
 * The whole business-line tree in three ordered scans (domains, businesses, apps) stitched in
 * memory: O(n), no per-node queries. With `withApps: false` the apps scan is replaced by a count
 * per business. 100k apps: see bench/README.md.
 */
export async function readBusinessLineTree(db: Kysely<Database>, withApps: boolean): Promise<BusinessLineTree> {
  const domains = await db.selectFrom('domains').select(['id', 'name', 'title']).orderBy('name').execute();
  const businesses = await db
    .selectFrom('businesses')
    .innerJoin('products', 'products.id', 'businesses.product_id')
    .select(['businesses.id', 'businesses.domain_id', 'businesses.name', 'businesses.title', 'products.name as product'])
    .orderBy('businesses.name')
    .execute();
  const byBusiness = new Map<string, TreeBusiness>();
  const byDomain = new Map<string, TreeDomain>();
  const out: TreeDomain[] = domains.map((d) => {
    const node: TreeDomain = { name: d.name, title: d.title, businessCount: 0, appCount: 0, businesses: [] };
    byDomain.set(d.id, node);
    return node;
  });
  const domainOfBusiness = new Map<string, TreeDomain>();
  for (const b of businesses) {
    const domain = byDomain.get(b.domain_id);
    if (!domain) continue;
    const node: TreeBusiness = { name: b.name, title: b.title, product: b.product, appCount: 0, ...(withApps && { apps: [] }) };
    domain.businesses.push(node);
    domain.businessCount++;
    byBusiness.set(b.id, node);
    domainOfBusiness.set(b.id, domain);
  }
  let appTotal = 0;
  if (withApps) {
    const apps = await db.selectFrom('apps').select(['business_id', 'name', 'title', 'level']).orderBy('name').execute();
    for (const a of apps) {
      const b = byBusiness.get(a.business_id);
      if (!b) continue;
      b.apps?.push({ name: a.name, title: a.title, level: a.level });
      b.appCount++;
    }
    appTotal = apps.length;
  } else {
    const counts = await db
      .selectFrom('apps')
      .select((eb) => ['business_id', eb.fn.countAll().as('n')])
      .groupBy('business_id')
      .execute();
    for (const c of counts) {
      const b = byBusiness.get(c.business_id);
      if (b) b.appCount = Number(c.n);
      appTotal += Number(c.n);
    }
  }
  for (const [id, b] of byBusiness) {
    const d = domainOfBusiness.get(id);
    if (d) d.appCount += b.appCount;
  }
  return { counts: { domains: domains.length, businesses: businesses.length, apps: appTotal }, domains: out };
}
