import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import type { ChangeRecorder } from '../audit/audit.repository.ts';
import { isAdmin, type RequestContext, subjectsOf } from '../auth/principal.ts';

/** Tree nodes where a user holds some role; resources attached below them are visible to the user. */
export interface UserScopes {
  appIds: string[];
  businessIds: string[];
  domainIds: string[];
}

/** What a caller may see of resources: everything, one tenant's, or what is attached under their nodes. */
export type Visibility = { all: true } | { tenantId: string } | { scopes: UserScopes };

/**
 * Who may see and change resources. Only admins and the tenant owning a resource's type may change
 * it. Reads: admins everything, a tenant its own, a user what is attached to apps they hold a role
 * on (directly or through a business or domain). A refused change is audited (action `refused`)
 * in its own transaction, so the refusal is on record while the change itself leaves no trace.
 */
export class ResourceAccess {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRecorder,
  ) {}

  canChange(ctx: RequestContext, tenantId: string): boolean {
    const p = ctx.principal;
    return isAdmin(p) || (p.kind === 'tenant' && p.id === tenantId);
  }

  /** @throws ForbiddenError `resource_not_owned` (audited) unless the caller may change resources of this tenant. */
  async assertCanChange(ctx: RequestContext, tenantId: string, key: string, action: string): Promise<void> {
    if (this.canChange(ctx, tenantId)) return;
    await this.recordRefusal(ctx, [key], action);
    const p = ctx.principal;
    const who = p.kind === 'tenant' ? `Tenant "${p.name}"` : 'Only the owning tenant or an admin';
    throw new ForbiddenError(
      'resource_not_owned',
      p.kind === 'tenant' ? `${who} does not own ${key}; nothing was changed.` : `${who} may ${action} ${key}.`,
      { resource: key },
    );
  }

  /** Writes one `refused` audit row (and event) naming the resources a caller tried to touch. */
  async recordRefusal(ctx: RequestContext, keys: string[], action: string): Promise<void> {
    await this.db.transaction().execute((tx) =>
      this.changes.record(tx, ctx, {
        action: 'refused',
        entityType: 'resource',
        entityId: keys.length === 1 ? (keys[0] as string) : `${keys.length} resources`,
        entityKey: keys.slice(0, 100).join(','),
        before: null,
        after: { attempted: action, resources: keys.slice(0, 1000), count: keys.length },
      }),
    );
  }

  async visibility(ctx: RequestContext): Promise<Visibility> {
    const p = ctx.principal;
    if (isAdmin(p)) return { all: true };
    if (p.kind === 'tenant') return { tenantId: p.id };
    const rows = await this.db
      .selectFrom('role_bindings')
      .select(['scope_type', 'scope_id'])
      .where('subject', 'in', subjectsOf(p))
      .execute();
    const pick = (t: string) => rows.filter((r) => r.scope_type === t).map((r) => r.scope_id);
    return { scopes: { appIds: pick('app'), businessIds: pick('business'), domainIds: pick('domain') } };
  }
}
