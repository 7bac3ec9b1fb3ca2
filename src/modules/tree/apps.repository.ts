import type { Kysely } from 'kysely';
import { readJson } from '../../db/dialect.ts';
import type { AppsTable, Database } from '../../db/schema.ts';
import type { RuntimeInfo } from './tree.types.ts';

export interface AppRow {
  id: string;
  business_id: string;
  domain_id: string;
  name: string;
  appid: string;
  title: string;
  description: string;
  type: string;
  level: string;
  assurance: string;
  lifecycle: string;
  labels: Record<string, string>;
  runtime: Record<string, RuntimeInfo>;
  domain_name: string;
  business_name: string;
  product_name: string;
  org_name: string;
  created_at: string;
  updated_at: string;
}

/** Apps joined with the names of their business, domain, product and org: the query every app read starts from. */
export function appRowQuery(db: Kysely<Database>) {
  return db
    .selectFrom('apps')
    .innerJoin('businesses', 'businesses.id', 'apps.business_id')
    .innerJoin('domains', 'domains.id', 'businesses.domain_id')
    .innerJoin('products', 'products.id', 'businesses.product_id')
    .innerJoin('orgs', 'orgs.id', 'products.org_id')
    .selectAll('apps')
    .select([
      'businesses.domain_id',
      'domains.name as domain_name',
      'businesses.name as business_name',
      'products.name as product_name',
      'orgs.name as org_name',
    ]);
}

/** Apps: rows with the names of their business, domain, product and org joined in. */
export class AppsRepository {
  private base(db: Kysely<Database>) {
    return appRowQuery(db);
  }

  private map(r: Omit<AppRow, 'labels' | 'runtime'> & { labels: unknown; runtime: unknown }): AppRow {
    return { ...r, labels: readJson(r.labels), runtime: readJson(r.runtime) };
  }

  async findByAppId(db: Kysely<Database>, appid: string): Promise<AppRow | undefined> {
    const r = await this.base(db).where('apps.appid', '=', appid).executeTakeFirst();
    return r && this.map(r);
  }

  async findById(db: Kysely<Database>, id: string): Promise<AppRow | undefined> {
    const r = await this.base(db).where('apps.id', '=', id).executeTakeFirst();
    return r && this.map(r);
  }

  async insert(
    db: Kysely<Database>,
    row: Omit<AppsTable, 'labels' | 'runtime'> & { labels: Record<string, string>; runtime: Record<string, RuntimeInfo> },
  ): Promise<void> {
    await db
      .insertInto('apps')
      .values({ ...row, labels: JSON.stringify(row.labels), runtime: JSON.stringify(row.runtime) })
      .execute();
    await this.setLabels(db, row.id, row.labels);
  }

  async update(
    db: Kysely<Database>,
    id: string,
    patch: Partial<Omit<AppsTable, 'labels' | 'runtime'>> & { labels?: Record<string, string>; runtime?: Record<string, RuntimeInfo> },
  ): Promise<void> {
    const { labels, runtime, ...rest } = patch;
    await db
      .updateTable('apps')
      .set({
        ...rest,
        ...(labels !== undefined && { labels: JSON.stringify(labels) }),
        ...(runtime !== undefined && { runtime: JSON.stringify(runtime) }),
      })
      .where('id', '=', id)
      .execute();
    if (labels !== undefined) await this.setLabels(db, id, labels);
  }

  /** Labels live twice: as JSON on the app (to read) and in app_labels (to filter by index). */
  private async setLabels(db: Kysely<Database>, id: string, labels: Record<string, string>): Promise<void> {
    await db.deleteFrom('app_labels').where('app_id', '=', id).execute();
    const rows = Object.entries(labels).map(([key, value]) => ({ app_id: id, key, value }));
    if (rows.length > 0) await db.insertInto('app_labels').values(rows).execute();
  }

  async delete(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('apps').where('id', '=', id).execute();
  }

  /** Up to `limit` appids in a business, for "what is in the way" in a refused delete. */
  async appidsOf(db: Kysely<Database>, businessId: string, limit: number): Promise<string[]> {
    const rows = await db.selectFrom('apps').select('appid').where('business_id', '=', businessId).orderBy('appid').limit(limit).execute();
    return rows.map((r) => r.appid);
  }
}
