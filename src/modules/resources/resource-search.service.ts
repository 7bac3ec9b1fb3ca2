import { ValidationError } from '../../shared/errors.ts';
import { decodeCursor, type Page, toPage } from '../../shared/pagination.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { TenantsService } from '../tenants/tenants.service.ts';
import type { AppsService } from '../tree/apps.service.ts';
import type { NodesService } from '../tree/nodes.service.ts';
import { type InventoryGroup, type InventoryRow, inventoryStats } from './queries/inventory-stats.ts';
import { listResources } from './queries/list-resources.ts';
import type { ResourceAccess } from './resource-access.ts';
import type { ResourcesService } from './resources.service.ts';
import type { Resource } from './resources.types.ts';

export type TreeScope = { level: 'domain' | 'business' | 'app'; id: string; key: string };

export interface ResourceListQuery {
  scope?: string;
  type?: string;
  env?: string;
  tenant?: string;
  labels?: Array<[string, string]>;
  attached?: boolean;
  deleted?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Reads across many resources: search under a tree node, and inventory statistics. Both are
 * confined to what the caller may see (a tenant its own, a user what is attached where they hold a role).
 */
export class ResourceSearchService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly resources: ResourcesService,
    private readonly access: ResourceAccess,
    private readonly tenants: TenantsService,
    private readonly nodes: NodesService,
    private readonly apps: AppsService,
  ) {}

  /** `domain`, `domain.business` or `domain.business.app` (old keys resolve). */
  async resolveScope(scope: string): Promise<TreeScope> {
    const db = this.deps.db;
    const parts = scope.split('.').length;
    if (parts === 1) return { level: 'domain', id: (await this.nodes.resolveDomain(db, scope)).id, key: scope };
    if (parts === 2) return { level: 'business', id: (await this.nodes.resolveBusiness(db, scope, 'scope')).id, key: scope };
    if (parts === 3) return { level: 'app', id: (await this.apps.resolve(db, scope, 'scope')).id, key: scope };
    throw new ValidationError('invalid_scope', `scope "${scope}" must be a domain, domain.business or an appid.`, { field: 'scope' });
  }

  async list(ctx: RequestContext, q: ResourceListQuery): Promise<Page<Resource>> {
    const scope = q.scope ? await this.resolveScope(q.scope) : undefined;
    const tenantId = q.tenant ? await this.tenantId(q.tenant) : undefined;
    const rows = await listResources(this.deps.db, {
      scope: scope && { level: `${scope.level}_id` as const, id: scope.id },
      type: q.type,
      env: q.env,
      tenantId,
      labels: q.labels,
      attached: q.attached,
      deleted: q.deleted,
      visibility: await this.access.visibility(ctx),
      afterId: decodeCursor(q.cursor),
      limit: q.limit,
    });
    const page = toPage(rows, q.limit, (r) => r.id);
    return { items: await this.resources.views(this.deps.db, page.items), nextCursor: page.nextCursor };
  }

  private async tenantId(name: string): Promise<string> {
    const t = await this.deps.db.selectFrom('tenants').select('id').where('name', '=', name).executeTakeFirst();
    if (!t) throw new ValidationError('unknown_tenant', `There is no tenant "${name}".`, { field: 'tenant' });
    return t.id;
  }

  /**
   * Counts and capacity sums of attached resources under a node (or everywhere), grouped as asked;
   * plus, without a scope, the unattached resources per type. A tenant sees only its own types.
   */
  async inventory(
    ctx: RequestContext,
    q: { scope?: string; groupBy: InventoryGroup[] },
  ): Promise<{ scope: string | null; groups: InventoryRow[]; unattached: Array<{ type: string; resources: number }> }> {
    const scope = q.scope ? await this.resolveScope(q.scope) : undefined;
    const p = ctx.principal;
    const types = await this.tenants.types();
    const typeNames = p.kind === 'tenant' ? [...types.values()].filter((t) => t.tenantId === p.id).map((t) => t.name) : undefined;
    const groups = await inventoryStats(this.deps.db, { scope, groupBy: q.groupBy, typeNames });
    let unattached: Array<{ type: string; resources: number }> = [];
    if (!scope) {
      let uq = this.deps.db
        .selectFrom('resources')
        .select((eb) => ['type', eb.fn.countAll().as('n')])
        .where('attached_count', '=', 0)
        .where('status', '=', 'active');
      if (typeNames) uq = uq.where('type', 'in', typeNames.length ? typeNames : ['\u0000none']);
      const rows = await uq.groupBy('type').orderBy('type').execute();
      unattached = rows.map((r) => ({ type: r.type, resources: Number(r.n) }));
    }
    return { scope: scope?.key ?? null, groups, unattached };
  }
}
