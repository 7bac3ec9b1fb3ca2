import { ValidationError } from '../../shared/errors.ts';
import { decodeCursor, type Page, toPage } from '../../shared/pagination.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import { type AuditEntry, listAudit } from './audit.repository.ts';

export interface AuditQuery {
  /** `<type>` or `<type>:<key>`, e.g. `app:pay.checkout.api` (also an old appid) or `user:alice` */
  entity?: string;
  actor?: string;
  since?: string;
  limit: number;
  cursor?: string;
}

/** Resolves an entity key (name, appid, old appid) to the id audit rows carry. */
export type EntityResolver = (type: string, key: string) => Promise<string | undefined>;

/**
 * Reads the audit log newest first. Filtering by an entity's key follows the entity through
 * renames: rows are matched by its id, so `app:new.appid` also shows what happened under the old appid.
 */
export class AuditService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly resolveEntity: EntityResolver,
  ) {}

  /** Tenants see only their own actions; users see everything. */
  async list(ctx: RequestContext, q: AuditQuery): Promise<Page<AuditEntry>> {
    const p = ctx.principal;
    if (p.kind === 'tenant') q = { ...q, actor: `tenant:${p.name}` };
    if (q.since && Number.isNaN(Date.parse(q.since))) {
      throw new ValidationError('invalid_timestamp', `since "${q.since}" is not an ISO-8601 timestamp.`, { field: 'since' });
    }
    let entityType: string | undefined;
    let entityId: string | undefined;
    if (q.entity) {
      const i = q.entity.indexOf(':');
      entityType = i < 0 ? q.entity : q.entity.slice(0, i);
      if (i >= 0) {
        const key = q.entity.slice(i + 1);
        // An entity that no longer exists is found by the key it had in its audit rows.
        entityId =
          (await this.resolveEntity(entityType, key)) ??
          (
            await this.deps.db
              .selectFrom('audit_log')
              .select('entity_id')
              .where('entity_type', '=', entityType)
              .where('entity_key', '=', key)
              .orderBy('id', 'desc')
              .executeTakeFirst()
          )?.entity_id;
        if (entityId === undefined) return { items: [], nextCursor: null };
      }
    }
    const rows = await listAudit(this.deps.db, {
      entityType,
      entityId,
      actor: q.actor,
      since: q.since ? new Date(q.since).toISOString() : undefined,
      before: decodeCursor(q.cursor),
      limit: q.limit,
    });
    return toPage(rows, q.limit, (r) => r.id);
  }
}
