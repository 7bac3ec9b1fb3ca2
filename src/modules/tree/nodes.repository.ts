import type { Kysely } from 'kysely';
import { toNumber } from '../../db/dialect.ts';
import type { BusinessesTable, Database, DomainsTable } from '../../db/schema.ts';

export type DomainRow = DomainsTable;
export type BusinessRow = BusinessesTable & { domain_name: string; product_name: string };

/** Domains and businesses: plain rows; the service adds people, aliases and counts. */
export class NodesRepository {
  async findDomain(db: Kysely<Database>, name: string): Promise<DomainRow | undefined> {
    return db.selectFrom('domains').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async findDomainById(db: Kysely<Database>, id: string): Promise<DomainRow | undefined> {
    return db.selectFrom('domains').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listDomains(db: Kysely<Database>, after: string | undefined, limit: number): Promise<DomainRow[]> {
    let q = db.selectFrom('domains').selectAll();
    if (after) q = q.where('name', '>', after);
    return q
      .orderBy('name')
      .limit(limit + 1)
      .execute();
  }

  async insertDomain(db: Kysely<Database>, row: DomainsTable): Promise<void> {
    await db.insertInto('domains').values(row).execute();
  }

  async updateDomain(db: Kysely<Database>, id: string, patch: Partial<DomainsTable>): Promise<void> {
    await db.updateTable('domains').set(patch).where('id', '=', id).execute();
  }

  async deleteDomain(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('domains').where('id', '=', id).execute();
  }

  private businessQuery(db: Kysely<Database>) {
    return db
      .selectFrom('businesses')
      .innerJoin('domains', 'domains.id', 'businesses.domain_id')
      .innerJoin('products', 'products.id', 'businesses.product_id')
      .selectAll('businesses')
      .select(['domains.name as domain_name', 'products.name as product_name']);
  }

  async findBusiness(db: Kysely<Database>, domain: string, name: string): Promise<BusinessRow | undefined> {
    return this.businessQuery(db).where('domains.name', '=', domain).where('businesses.name', '=', name).executeTakeFirst();
  }

  async findBusinessById(db: Kysely<Database>, id: string): Promise<BusinessRow | undefined> {
    return this.businessQuery(db).where('businesses.id', '=', id).executeTakeFirst();
  }

  /** Businesses ordered by key (`domain.business`), keyset after `after` (a `domain.business` key). */
  async listBusinesses(
    db: Kysely<Database>,
    f: { domainId?: string; productId?: string; after?: { domain: string; name: string } },
    limit: number,
  ): Promise<BusinessRow[]> {
    let q = this.businessQuery(db);
    if (f.domainId) q = q.where('businesses.domain_id', '=', f.domainId);
    if (f.productId) q = q.where('businesses.product_id', '=', f.productId);
    const after = f.after;
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('domains.name', '>', after.domain),
          eb.and([eb('domains.name', '=', after.domain), eb('businesses.name', '>', after.name)]),
        ]),
      );
    }
    return q
      .orderBy('domains.name')
      .orderBy('businesses.name')
      .limit(limit + 1)
      .execute();
  }

  async insertBusiness(db: Kysely<Database>, row: BusinessesTable): Promise<void> {
    await db.insertInto('businesses').values(row).execute();
  }

  async updateBusiness(db: Kysely<Database>, id: string, patch: Partial<BusinessesTable>): Promise<void> {
    await db.updateTable('businesses').set(patch).where('id', '=', id).execute();
  }

  async deleteBusiness(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('businesses').where('id', '=', id).execute();
  }

  /** Number of businesses in each domain and apps under each, keyed by domain id. */
  async domainCounts(db: Kysely<Database>, domainIds: string[]): Promise<Map<string, { businesses: number; apps: number }>> {
    const out = new Map(domainIds.map((id) => [id, { businesses: 0, apps: 0 }]));
    if (domainIds.length === 0) return out;
    const rows = await db
      .selectFrom('businesses')
      .leftJoin('apps', 'apps.business_id', 'businesses.id')
      .select((eb) => ['businesses.domain_id', eb.fn.count('businesses.id').distinct().as('businesses'), eb.fn.count('apps.id').as('apps')])
      .where('businesses.domain_id', 'in', domainIds)
      .groupBy('businesses.domain_id')
      .execute();
    for (const r of rows) out.set(r.domain_id, { businesses: toNumber(r.businesses), apps: toNumber(r.apps) });
    return out;
  }

  /** Number of apps in each business, keyed by business id. */
  async businessAppCounts(db: Kysely<Database>, businessIds: string[]): Promise<Map<string, number>> {
    const out = new Map(businessIds.map((id) => [id, 0]));
    if (businessIds.length === 0) return out;
    const rows = await db
      .selectFrom('apps')
      .select((eb) => ['business_id', eb.fn.countAll().as('n')])
      .where('business_id', 'in', businessIds)
      .groupBy('business_id')
      .execute();
    for (const r of rows) out.set(r.business_id, toNumber(r.n));
    return out;
  }

  /** Up to `limit` child keys, for "what is in the way" in a refused delete. */
  async businessKeysOf(db: Kysely<Database>, domainId: string, limit: number): Promise<string[]> {
    const rows = await this.businessQuery(db)
      .where('businesses.domain_id', '=', domainId)
      .orderBy('businesses.name')
      .limit(limit)
      .execute();
    return rows.map((r) => `${r.domain_name}.${r.name}`);
  }
}
