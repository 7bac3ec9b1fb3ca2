import type { Kysely } from 'kysely';
import type { Database, OrgsTable, ProductsTable } from '../../db/schema.ts';

export type OrgRow = OrgsTable & { parent_name: string | null };
export type ProductRow = ProductsTable & { org_name: string };

/** Orgs (a tree) and products (each in one org): the finance hierarchy. */
export class FinanceRepository {
  private orgs(db: Kysely<Database>) {
    return db
      .selectFrom('orgs')
      .leftJoin('orgs as parent', 'parent.id', 'orgs.parent_id')
      .selectAll('orgs')
      .select('parent.name as parent_name');
  }

  async findOrg(db: Kysely<Database>, name: string): Promise<OrgRow | undefined> {
    return this.orgs(db).where('orgs.name', '=', name).executeTakeFirst();
  }

  async listOrgs(db: Kysely<Database>, after: string | undefined, limit: number): Promise<OrgRow[]> {
    let q = this.orgs(db);
    if (after) q = q.where('orgs.name', '>', after);
    return q
      .orderBy('orgs.name')
      .limit(limit + 1)
      .execute();
  }

  /** Ids of the org and all its ancestors, nearest first (for cycle checks). */
  async ancestorIds(db: Kysely<Database>, id: string): Promise<string[]> {
    const out: string[] = [];
    let current: string | null = id;
    while (current && !out.includes(current)) {
      out.push(current);
      const r: { parent_id: string | null } | undefined = await db
        .selectFrom('orgs')
        .select('parent_id')
        .where('id', '=', current)
        .executeTakeFirst();
      current = r?.parent_id ?? null;
    }
    return out;
  }

  async childOrgNames(db: Kysely<Database>, id: string, limit: number): Promise<string[]> {
    const rows = await db.selectFrom('orgs').select('name').where('parent_id', '=', id).orderBy('name').limit(limit).execute();
    return rows.map((r) => r.name);
  }

  async insertOrg(db: Kysely<Database>, row: OrgsTable): Promise<void> {
    await db.insertInto('orgs').values(row).execute();
  }

  async updateOrg(db: Kysely<Database>, id: string, patch: Partial<OrgsTable>): Promise<void> {
    await db.updateTable('orgs').set(patch).where('id', '=', id).execute();
  }

  async deleteOrg(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('orgs').where('id', '=', id).execute();
  }

  private products(db: Kysely<Database>) {
    return db.selectFrom('products').innerJoin('orgs', 'orgs.id', 'products.org_id').selectAll('products').select('orgs.name as org_name');
  }

  async findProduct(db: Kysely<Database>, name: string): Promise<ProductRow | undefined> {
    return this.products(db).where('products.name', '=', name).executeTakeFirst();
  }

  async listProducts(db: Kysely<Database>, f: { orgId?: string; after?: string }, limit: number): Promise<ProductRow[]> {
    let q = this.products(db);
    if (f.orgId) q = q.where('products.org_id', '=', f.orgId);
    if (f.after) q = q.where('products.name', '>', f.after);
    return q
      .orderBy('products.name')
      .limit(limit + 1)
      .execute();
  }

  async productNamesOf(db: Kysely<Database>, orgId: string, limit: number): Promise<string[]> {
    const rows = await db.selectFrom('products').select('name').where('org_id', '=', orgId).orderBy('name').limit(limit).execute();
    return rows.map((r) => r.name);
  }

  async insertProduct(db: Kysely<Database>, row: ProductsTable): Promise<void> {
    await db.insertInto('products').values(row).execute();
  }

  async updateProduct(db: Kysely<Database>, id: string, patch: Partial<ProductsTable>): Promise<void> {
    await db.updateTable('products').set(patch).where('id', '=', id).execute();
  }

  async deleteProduct(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('products').where('id', '=', id).execute();
  }

  async businessKeysOfProduct(db: Kysely<Database>, productId: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('businesses')
      .innerJoin('domains', 'domains.id', 'businesses.domain_id')
      .select(['domains.name as d', 'businesses.name as b'])
      .where('businesses.product_id', '=', productId)
      .orderBy('domains.name')
      .orderBy('businesses.name')
      .limit(limit)
      .execute();
    return rows.map((r) => `${r.d}.${r.b}`);
  }
}
