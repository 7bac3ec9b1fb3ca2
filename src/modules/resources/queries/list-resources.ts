import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Visibility } from '../resource-access.ts';
import { type ResourceRow, toResourceRow } from '../resources.repository.ts';

export interface ListResourcesFilter {
  /** the tree node: all resources currently attached at or below it */
  scope?: { level: 'domain_id' | 'business_id' | 'app_id'; id: string };
  type?: string;
  env?: string;
  tenantId?: string;
  labels?: Array<[string, string]>;
  attached?: boolean;
  /** include deleted resources (default: active only) */
  deleted?: boolean;
  visibility: Visibility;
  /** keyset: resource ids after this one */
  afterId?: string;
  limit: number;
}

/**
 * One page of resources ordered by id (keyset, never OFFSET).
 *
 * With a scope the query is driven by the partial index on current attachments
 * `(domain_id|business_id|app_id, resource_id) WHERE detached_at IS NULL`: it walks the scope's
 * attachments in resource order and stops after `limit + 1` distinct resources, however many
 * resources exist elsewhere. Type, env and tenant are copied onto attachments, so those filters
 * need no join. Without a scope it walks resources by id (`attached=false` uses the partial index
 * on unattached resources).
 */
export async function listResources(db: Kysely<Database>, f: ListResourcesFilter): Promise<ResourceRow[]> {
  const v = f.visibility;
  // A tenant sees only its own; asking it for another tenant's is asking for nothing.
  if ('tenantId' in v && f.tenantId && f.tenantId !== v.tenantId) return [];
  const tenantId = 'tenantId' in v ? v.tenantId : f.tenantId;
  let q = db.selectFrom('resources').selectAll('resources');
  const scope = f.scope;
  if (scope) {
    let att = db
      .selectFrom('attachments')
      .select('attachments.resource_id')
      .where(`attachments.${scope.level}`, '=', scope.id)
      .where('attachments.detached_at', 'is', null);
    if (f.type) att = att.where('attachments.type', '=', f.type);
    if (f.env) att = att.where('attachments.env', '=', f.env);
    if (tenantId) att = att.where('attachments.tenant_id', '=', tenantId);
    if (f.afterId) att = att.where('attachments.resource_id', '>', f.afterId);
    // Without filters on the resource itself every scoped id survives, so the index walk can stop
    // after one page; with label or visibility filters it must not (a short page would end paging).
    const exact = !f.labels?.length && !('scopes' in v);
    if (exact)
      att = att
        .distinct()
        .orderBy('attachments.resource_id')
        .limit(f.limit + 1);
    q = q.where('resources.id', 'in', att);
  } else {
    if (f.type) q = q.where('resources.type', '=', f.type);
    if (tenantId) q = q.where('resources.tenant_id', '=', tenantId);
    if (f.env) {
      const env = f.env;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('attachments')
            .select(sql.lit(1).as('one'))
            .whereRef('attachments.resource_id', '=', 'resources.id')
            .where('attachments.env', '=', env)
            .where('attachments.detached_at', 'is', null),
        ),
      );
    }
  }
  if (!f.deleted) q = q.where('resources.status', '=', 'active');
  if (f.attached === true) q = q.where('resources.attached_count', '>', 0);
  if (f.attached === false) q = q.where('resources.attached_count', '=', 0);
  for (const [key, value] of f.labels ?? []) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('resource_labels')
          .select('resource_labels.resource_id')
          .whereRef('resource_labels.resource_id', '=', 'resources.id')
          .where('resource_labels.key', '=', key)
          .where('resource_labels.value', '=', value),
      ),
    );
  }
  if ('scopes' in v) {
    const s = v.scopes;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('attachments as va')
          .select(sql.lit(1).as('one'))
          .whereRef('va.resource_id', '=', 'resources.id')
          .where('va.detached_at', 'is', null)
          .where((w) =>
            w.or([
              ...(s.appIds.length ? [w('va.app_id', 'in', s.appIds)] : []),
              ...(s.businessIds.length ? [w('va.business_id', 'in', s.businessIds)] : []),
              ...(s.domainIds.length ? [w('va.domain_id', 'in', s.domainIds)] : []),
              w(sql.lit(1), '=', 0),
            ]),
          ),
      ),
    );
  }
  if (f.afterId) q = q.where('resources.id', '>', f.afterId);
  const rows = await q
    .orderBy('resources.id')
    .limit(f.limit + 1)
    .execute();
  return rows.map(toResourceRow);
}
