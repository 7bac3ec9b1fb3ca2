import { type Kysely, sql } from 'kysely';
import { readJson } from '../../../db/dialect.ts';
import type { Database } from '../../../db/schema.ts';
import { type AppRow, appRowQuery } from '../apps.repository.ts';

export interface ListAppsFilter {
  domainId?: string;
  businessId?: string;
  /** case-insensitive substring of appid or title */
  q?: string;
  /** every pair must match (AND) */
  labels?: Array<[string, string]>;
  /** subjects (a user name and `team:<t>` of their teams): apps where any holds a role, directly or inherited */
  subjects?: string[];
  /** keyset: only appids after this one */
  afterAppId?: string;
  limit: number;
}

/**
 * One page of apps ordered by appid, keyset-paginated (never OFFSET), so a page boundary stays
 * stable while apps are inserted. Fetches `limit + 1` rows; the extra row only signals a next page.
 * Uses the unique index on apps.appid for order and seek.
 */
export async function listApps(db: Kysely<Database>, f: ListAppsFilter): Promise<AppRow[]> {
  let q = appRowQuery(db);
  if (f.domainId) q = q.where('businesses.domain_id', '=', f.domainId);
  if (f.businessId) q = q.where('apps.business_id', '=', f.businessId);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // `escape` makes % and _ in the search text literal on both databases.
    q = q.where(sql<boolean>`(apps.appid like ${like} escape '\\' or lower(apps.title) like ${like} escape '\\')`);
  }
  for (const [key, value] of f.labels ?? []) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('app_labels')
          .select('app_labels.app_id')
          .whereRef('app_labels.app_id', '=', 'apps.id')
          .where('app_labels.key', '=', key)
          .where('app_labels.value', '=', value),
      ),
    );
  }
  const subjects = f.subjects;
  if (subjects) {
    const bound = (scope: 'app' | 'business' | 'domain') =>
      db.selectFrom('role_bindings').select('scope_id').where('scope_type', '=', scope).where('subject', 'in', subjects);
    q = q.where((eb) =>
      eb.or([
        eb('apps.id', 'in', bound('app')),
        eb('apps.business_id', 'in', bound('business')),
        eb('businesses.domain_id', 'in', bound('domain')),
      ]),
    );
  }
  if (f.afterAppId) q = q.where('apps.appid', '>', f.afterAppId);
  const rows = await q
    .orderBy('apps.appid')
    .limit(f.limit + 1)
    .execute();
  return rows.map((r) => ({ ...r, labels: readJson(r.labels), runtime: readJson(r.runtime) }));
}
