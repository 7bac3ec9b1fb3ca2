import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { decodeCursor, type Page, toPage } from '../../shared/pagination.ts';
import { actorOf, isAdmin, type RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { EnvironmentsService } from '../environments/environments.service.ts';
import type { AttachmentRow } from '../resources/attachments.repository.ts';
import { listResources } from '../resources/queries/list-resources.ts';
import type { ResourceAccess } from '../resources/resource-access.ts';
import type { ResourceSearchService, TreeScope } from '../resources/resource-search.service.ts';
import type { ResourceRow } from '../resources/resources.repository.ts';
import type { ResourcesService } from '../resources/resources.service.ts';
import { resourceKey } from '../resources/resources.types.ts';
import type { ResourceType, TenantsService } from '../tenants/tenants.service.ts';
import type { AppsService } from '../tree/apps.service.ts';
import { byAttachedAt, type Holding, holdingOf, planSteps, type ResourceTarget, type Step, stateOf, summarize } from './batch-plan.ts';
import { BatchWriter } from './batch-writer.ts';
import { type BatchDetailRow, BatchesRepository, type BatchRow, type StoredRequest } from './batches.repository.ts';
import type {
  Batch,
  BatchChange,
  BatchRequest,
  BatchResult,
  BatchSummary,
  ConfigureParams,
  CreateItem,
  MigrateParams,
} from './batches.types.ts';
import { type Failure, refuse } from './failures.ts';

/** Most resources one batch may touch: one transaction, kept short enough for SQLite. */
export const MAX_BATCH_RESOURCES = 10_000;
/** Same limits as resource registration. */
const MAX_LABELS = 64;
const MAX_ATTRIBUTES_JSON = 16_384;

type Types = Map<string, ResourceType & { tenantId: string }>;

/** A request checked against everything that does not need the transaction. */
interface Prepared {
  request: BatchRequest;
  scope: TreeScope;
  types: Types;
  envs: Set<string>;
  /** tenant confinement and the `filter.tenant` of an admin */
  tenantId?: string;
  /** a tenant filtering on another tenant: matches nothing */
  matchNothing: boolean;
}

interface Plan {
  steps: Step[];
  changes: BatchChange[];
  summary: BatchSummary;
}

export type BatchHeader = Omit<Batch, 'changes'>;

const SCOPE_COLUMN = { domain: 'domain_id', business: 'business_id', app: 'app_id' } as const;

/**
 * Batch operations (批量管理) on the resources under a tree node: create, delete, configure, migrate.
 * A batch is planned as target states per resource, which gives the dry-run's change list; applying
 * plans again inside one transaction and writes exactly that plan, so a dry run lists what applying
 * does. All or nothing: any bad item refuses the whole batch before anything is written. Every audit
 * row carries the batch id; the batch stores, per touched resource, its prior state and the version
 * it left, so a revert restores that state while nothing else has changed the resources since.
 * Only admins (any tenant's resources) and tenants (their own) run batches.
 */
export class BatchesService {
  readonly repo = new BatchesRepository();
  private readonly writer: BatchWriter;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly resources: ResourcesService,
    private readonly search: ResourceSearchService,
    private readonly tenants: TenantsService,
    private readonly apps: AppsService,
    private readonly environments: EnvironmentsService,
    private readonly access: ResourceAccess,
  ) {
    this.writer = new BatchWriter(deps, resources, this.repo);
  }

  // ── run ──────────────────────────────────────────────────────────────────

  /**
   * Plans a batch and, unless `dryRun`, applies it atomically. A dry run writes nothing; applying
   * writes the resources, one audit row per resource and one for the batch, all carrying the new
   * batch id, and one `batch.applied` event listing the changed resources. @throws ForbiddenError `not_permitted` (users), `resource_not_owned` (a tenant
   * naming another tenant's type; audited); NotFoundError for an unknown scope or app; ValidationError
   * / ConflictError naming the first failing item (`details.failures` lists them all).
   */
  async run(ctx: RequestContext, request: BatchRequest): Promise<BatchResult> {
    requireRunner(ctx);
    const prepared = await this.prepare(ctx, request);
    const result = (id: string | null, plan: Plan): BatchResult => ({
      id,
      dryRun: id === null,
      action: request.action,
      scope: request.scope,
      changes: plan.changes,
      summary: plan.summary,
    });
    if (request.dryRun) return result(null, await this.plan(this.deps.db, ctx, prepared));

    const id = this.deps.ids.next();
    const bctx: RequestContext = { ...ctx, batchId: id };
    return this.deps.transaction(async (tx) => {
      const plan = await this.plan(tx, ctx, prepared);
      const undo = await this.writer.write(tx, bctx, plan.steps, 'batch_conflict');
      const stored = storedRequest(request);
      await this.repo.insert(tx, {
        id,
        actor: actorOf(ctx.principal),
        tenant_id: ctx.principal.kind === 'tenant' ? ctx.principal.id : null,
        request: stored,
        changes: plan.changes,
        summary: plan.summary,
        undo,
        reverts: null,
        created_at: this.deps.clock.now().toISOString(),
      });
      await this.deps.changes.record(tx, bctx, {
        action: 'applied',
        entityType: 'batch',
        entityId: id,
        entityKey: `${request.action} ${request.scope}`,
        before: null,
        after: { action: request.action, scope: request.scope, filter: stored.filter, summary: plan.summary, resources: touched(plan) },
      });
      return result(id, plan);
    });
  }

  /** Checks what needs no transaction; warms the caches the transaction reads (types, environments). */
  private async prepare(ctx: RequestContext, request: BatchRequest): Promise<Prepared> {
    const scope = await this.search.resolveScope(request.scope);
    const types = await this.tenants.types();
    const envs = new Set((await this.environments.list()).map((e) => e.name));
    const filter = request.filter ?? {};
    const p = ctx.principal;
    let tenantId = p.kind === 'tenant' ? p.id : undefined;
    let matchNothing = false;

    if (request.action === 'create') {
      const given = Object.keys(filter);
      if (given.length > 0) {
        throw new ValidationError(
          'filter_not_applicable',
          `A create batch registers its items; it takes no filter (got ${given.join(', ')}).`,
          {
            field: 'filter',
          },
        );
      }
      const notOwned = request.params.items.flatMap((item) => {
        const t = types.get(item.type);
        return t && !this.access.canChange(ctx, t.tenantId) ? [resourceKey(item.type, item.externalId)] : [];
      });
      if (notOwned.length > 0) {
        await this.access.recordRefusal(ctx, notOwned, 'batch create');
        const index = request.params.items.findIndex((i) => resourceKey(i.type, i.externalId) === notOwned[0]);
        throw new ForbiddenError(
          'resource_not_owned',
          `Item ${index} (${notOwned[0]}): its type belongs to another tenant${notOwned.length > 1 ? `, as do ${notOwned.length - 1} more` : ''}; nothing was changed.`,
          { index, resource: notOwned[0], resources: notOwned.slice(0, 1000) },
        );
      }
    }
    if (filter.type !== undefined) await this.tenants.requireType(filter.type, 'filter.type');
    if (filter.env !== undefined) await this.environments.assertKnown('filter.env', [filter.env]);
    if (filter.tenant !== undefined) {
      if (p.kind === 'tenant') {
        // A tenant's batch is confined to its own resources: another tenant's simply do not match.
        matchNothing = filter.tenant !== p.name;
      } else {
        tenantId = await this.repo.findTenantId(this.deps.db, filter.tenant);
        if (!tenantId) throw new ValidationError('unknown_tenant', `There is no tenant "${filter.tenant}".`, { field: 'filter.tenant' });
      }
    }
    if (request.action === 'configure') checkConfigure(request.params);
    if (request.action === 'migrate' && request.params.toEnv !== undefined) {
      await this.environments.assertKnown('params.toEnv', [request.params.toEnv]);
    }
    return { request, scope, types, envs, tenantId, matchNothing };
  }

  /** Target states for every resource the batch selects, then the steps. Reads only through `db`. */
  private async plan(db: Kysely<Database>, ctx: RequestContext, p: Prepared): Promise<Plan> {
    const r = p.request;
    if (r.action === 'create') return this.finish(db, await this.createTargets(db, p, r.params.items), r.params.items.length);

    const rows = p.matchNothing ? [] : await this.matched(db, ctx, p);
    const open = groupOpen(
      await this.resources.attachments.current(
        db,
        rows.map((row) => row.id),
      ),
    );
    let targets: ResourceTarget[];
    if (r.action === 'delete') {
      targets = rows.map((row) => ({
        ...identity(row),
        current: row,
        open: open.get(row.id) ?? [],
        status: 'deleted',
        state: stateOf(row),
        attachments: [],
      }));
    } else if (r.action === 'configure') {
      targets = await this.configureTargets(db, rows, open, r.params);
    } else {
      targets = await this.migrateTargets(db, p, rows, open, r.params);
    }
    return this.finish(db, targets, rows.length);
  }

  private async finish(db: Kysely<Database>, targets: ResourceTarget[], matched: number): Promise<Plan> {
    const appids = await this.apps.appidsOf(
      db,
      targets.flatMap((t) => t.open.map((a) => a.app_id)),
    );
    const steps = planSteps(targets, appids);
    const changes = steps.flatMap((s) => s.changes);
    return { steps, changes, summary: summarize(changes, matched) };
  }

  /** Active resources attached under the scope that match the filter (a tenant: only its own). */
  private async matched(db: Kysely<Database>, ctx: RequestContext, p: Prepared): Promise<ResourceRow[]> {
    const f = p.request.filter ?? {};
    const rows = await listResources(db, {
      scope: { level: SCOPE_COLUMN[p.scope.level], id: p.scope.id },
      type: f.type,
      env: f.env,
      tenantId: p.tenantId,
      labels: f.labels ? Object.entries(f.labels) : undefined,
      visibility: ctx.principal.kind === 'tenant' ? { tenantId: ctx.principal.id } : { all: true },
      limit: MAX_BATCH_RESOURCES,
    });
    if (rows.length > MAX_BATCH_RESOURCES) {
      throw new ValidationError(
        'batch_too_large',
        `More than ${MAX_BATCH_RESOURCES} resources match under ${p.request.scope}; narrow the scope or the filter and run several batches.`,
        { limit: MAX_BATCH_RESOURCES },
      );
    }
    return rows;
  }

  private async createTargets(db: Kysely<Database>, p: Prepared, items: CreateItem[]): Promise<ResourceTarget[]> {
    const scope = p.scope;
    const appidOf = (item: CreateItem) => item.appid ?? (scope.level === 'app' ? p.request.scope : undefined);
    const apps = await this.apps.resolveMany(
      db,
      items.flatMap((i) => appidOf(i) ?? []),
    );
    const existing = new Map<string, ResourceRow>();
    const byType = new Map<string, string[]>();
    for (const i of items) byType.set(i.type, [...(byType.get(i.type) ?? []), i.externalId]);
    for (const [type, externalIds] of byType) {
      if (!p.types.has(type)) continue;
      for (const row of (await this.resources.repo.findMany(db, type, externalIds)).values())
        existing.set(resourceKey(type, row.external_id), row);
    }

    const seen = new Set<string>();
    // Each item becomes a target, or a failure naming the first rule it breaks.
    const check = (item: CreateItem, index: number): ResourceTarget | Failure => {
      const key = resourceKey(item.type, item.externalId);
      const fail = (status: Failure['status'], code: string, message: string, field?: string): Failure => ({
        status,
        code,
        message,
        index,
        resource: key,
        ...(field && { field: `params.items.${index}.${field}` }),
      });
      const type = p.types.get(item.type);
      if (!type) return fail(400, 'unknown_resource_type', `There is no resource type "${item.type}".`, 'type');
      if (seen.has(key)) return fail(400, 'duplicate_item', `${key} appears more than once in this batch.`, 'externalId');
      seen.add(key);
      const dims = new Set(type.dimensions.map((d) => d.name));
      const badDim = Object.keys(item.capacity ?? {}).find((d) => !dims.has(d));
      if (badDim) {
        const has = [...dims].join(', ') || 'none';
        return fail(400, 'unknown_dimension', `Type "${item.type}" has no capacity dimension "${badDim}" (it has: ${has}).`, 'capacity');
      }
      if (!p.envs.has(item.env)) return fail(400, 'unknown_environment', `There is no environment "${item.env}".`, 'env');
      const appid = appidOf(item);
      if (!appid)
        return fail(400, 'appid_required', `The scope ${p.request.scope} is not an app: give the item an appid under it.`, 'appid');
      const app = apps.get(appid);
      if (!app) return fail(404, 'app_not_found', `There is no app "${appid}".`, 'appid');
      const under = { domain: app.domainId, business: app.businessId, app: app.id }[scope.level];
      if (under !== scope.id)
        return fail(400, 'app_outside_scope', `App ${app.appid} does not lie under the scope ${p.request.scope}.`, 'appid');
      const current = existing.get(key);
      if (current?.status === 'active')
        return fail(409, 'resource_exists', `${key} is already registered; configure or migrate it instead.`);
      return {
        key,
        type: item.type,
        externalId: item.externalId,
        tenantId: type.tenantId,
        current,
        open: [],
        status: 'active',
        state: {
          name: item.name ?? item.externalId,
          capacity: item.capacity ?? {},
          attributes: item.attributes ?? {},
          labels: item.labels ?? {},
        },
        attachments: [
          { appId: app.id, appid: app.appid, businessId: app.businessId, domainId: app.domainId, env: item.env, weight: item.weight ?? 1 },
        ],
      };
    };
    const failures: Failure[] = [];
    const targets: ResourceTarget[] = [];
    for (const [index, item] of items.entries()) {
      const outcome = check(item, index);
      if ('code' in outcome) failures.push(outcome);
      else targets.push(outcome);
    }
    if (failures.length > 0) refuse(failures);
    // A deleted resource registered again had its attachments closed when it was deleted; read to be exact.
    const revived = targets.flatMap((t) => (t.current ? [t.current.id] : []));
    const open = groupOpen(await this.resources.attachments.current(db, revived));
    for (const t of targets) if (t.current) t.open = open.get(t.current.id) ?? [];
    return targets;
  }

  private async configureTargets(
    db: Kysely<Database>,
    rows: ResourceRow[],
    open: Map<string, AttachmentRow[]>,
    params: ConfigureParams,
  ): Promise<ResourceTarget[]> {
    const appids = await this.apps.appidsOf(
      db,
      [...open.values()].flat().map((a) => a.app_id),
    );
    const failures: Failure[] = [];
    const targets: ResourceTarget[] = [];
    for (const row of rows) {
      const labels = { ...row.labels, ...params.setLabels };
      for (const k of params.removeLabels ?? []) delete labels[k];
      const attributes = { ...row.attributes, ...params.setAttributes };
      for (const k of params.removeAttributes ?? []) delete attributes[k];
      const key = resourceKey(row.type, row.external_id);
      if (Object.keys(labels).length > MAX_LABELS) {
        failures.push({
          status: 400,
          code: 'too_many_labels',
          message: `${key} would have more than ${MAX_LABELS} labels.`,
          resource: key,
        });
        continue;
      }
      if (JSON.stringify(attributes).length > MAX_ATTRIBUTES_JSON) {
        failures.push({
          status: 400,
          code: 'attributes_too_large',
          message: `${key}'s attributes would exceed 16 kB as JSON.`,
          resource: key,
        });
        continue;
      }
      const held = open.get(row.id) ?? [];
      targets.push({
        ...identity(row),
        current: row,
        open: held,
        status: 'active',
        state: { ...stateOf(row), labels, attributes },
        attachments: held.map((a) => holdingOf(a, appids)),
      });
    }
    if (failures.length > 0) refuse(failures);
    return targets;
  }

  /** Moves each resource's attachments under the scope (in the filtered env) to the target app/env, weights kept. */
  private async migrateTargets(
    db: Kysely<Database>,
    p: Prepared,
    rows: ResourceRow[],
    open: Map<string, AttachmentRow[]>,
    params: MigrateParams,
  ): Promise<ResourceTarget[]> {
    const to = await this.apps.resolve(db, params.toAppid, 'params.toAppid');
    const env = p.request.filter?.env;
    const column = SCOPE_COLUMN[p.scope.level];
    const appids = await this.apps.appidsOf(
      db,
      [...open.values()].flat().map((a) => a.app_id),
    );
    const failures: Failure[] = [];
    const targets: ResourceTarget[] = [];
    for (const row of rows) {
      const key = resourceKey(row.type, row.external_id);
      const held = open.get(row.id) ?? [];
      const attachments: Holding[] = held.map((a) =>
        a[column] === p.scope.id && (env === undefined || a.env === env)
          ? {
              appId: to.id,
              appid: to.appid,
              businessId: to.business_id,
              domainId: to.domain_id,
              env: params.toEnv ?? a.env,
              weight: Number(a.weight),
            }
          : holdingOf(a, appids),
      );
      const slots = attachments.map((h) => `${h.appId}\u0000${h.env}`);
      const twice = attachments.find((h, i) => slots.indexOf(`${h.appId}\u0000${h.env}`) !== i);
      if (twice) {
        failures.push({
          status: 409,
          code: 'already_attached',
          message: `${key} would be attached to ${to.appid} in ${twice.env} twice; migrate its attachments one environment at a time or detach one first.`,
          resource: key,
        });
        continue;
      }
      targets.push({ ...identity(row), current: row, open: held, status: 'active', state: stateOf(row), attachments });
    }
    if (failures.length > 0) refuse(failures);
    return targets;
  }

  // ── revert ───────────────────────────────────────────────────────────────

  /**
   * Undoes an applied batch: every resource it touched gets back its prior fields, status and open
   * attachments (new intervals; history is never rewritten); resources it registered are deleted.
   * Atomic and audited (one row per resource) under the revert's own batch id, with one
   * `batch.reverted` event.
   * @throws NotFoundError `batch_not_found`; ConflictError `batch_already_reverted`,
   * `batch_not_revertible` (a revert), `batch_stale` (a touched resource changed since, named in
   * `details.resources`, or an app or environment it held is gone)
   */
  async revert(ctx: RequestContext, id: string, opts: { dryRun?: boolean } = {}): Promise<BatchResult> {
    requireRunner(ctx);
    const batch = await this.requireVisible(ctx, this.deps.db, id);
    assertRevertible(batch);
    await this.tenants.types();
    const envs = new Set((await this.environments.list()).map((e) => e.name));
    const result = (revertId: string | null, plan: Plan): BatchResult => ({
      id: revertId,
      dryRun: revertId === null,
      action: 'revert',
      scope: batch.request.scope,
      changes: plan.changes,
      summary: plan.summary,
    });
    if (opts.dryRun) return result(null, await this.planRevert(this.deps.db, batch, envs));

    const revertId = this.deps.ids.next();
    const bctx: RequestContext = { ...ctx, batchId: revertId };
    return this.deps.transaction(async (tx) => {
      const fresh = await this.repo.find(tx, id);
      if (!fresh) throw notFound(id);
      assertRevertible(fresh);
      const plan = await this.planRevert(tx, fresh, envs);
      await this.writer.write(tx, bctx, plan.steps, 'batch_stale');
      const now = this.deps.clock.now().toISOString();
      const actor = actorOf(ctx.principal);
      if (!(await this.repo.markReverted(tx, id, now, actor))) throw alreadyReverted(id);
      await this.repo.insert(tx, {
        id: revertId,
        actor,
        // The revert belongs with the batch it undoes, so its tenant sees both.
        tenant_id: fresh.tenant_id,
        request: { scope: fresh.request.scope, filter: fresh.request.filter, action: 'revert', params: { batch: id } },
        changes: plan.changes,
        summary: plan.summary,
        undo: null,
        reverts: id,
        created_at: now,
      });
      await this.deps.changes.record(tx, bctx, {
        action: 'reverted',
        entityType: 'batch',
        entityId: id,
        entityKey: `${fresh.action} ${fresh.request.scope}`,
        before: { status: 'applied' },
        after: { status: 'reverted', revertedIn: revertId, summary: plan.summary, resources: touched(plan) },
      });
      return result(revertId, plan);
    });
  }

  /** Targets that restore each touched resource's prior state; refuses if any moved on since. */
  private async planRevert(db: Kysely<Database>, batch: BatchDetailRow, envs: Set<string>): Promise<Plan> {
    const entries = batch.undo ?? [];
    const rows = new Map(
      (
        await this.resources.repo.findByIds(
          db,
          entries.map((e) => e.id),
        )
      ).map((r) => [r.id, r]),
    );
    const changed = entries.filter((e) => rows.get(e.id)?.version !== e.version);
    if (changed.length > 0) {
      const keys = changed.map((e) => e.key);
      throw new ConflictError(
        'batch_stale',
        `Batch ${batch.id} cannot be reverted: ${listed(keys)} changed since it was applied. Nothing was changed.`,
        {
          resources: keys.slice(0, 1000),
          changed: changed
            .slice(0, 1000)
            .map((e) => ({ resource: e.key, batchVersion: e.version, currentVersion: rows.get(e.id)?.version ?? null })),
        },
      );
    }
    const open = groupOpen(
      await this.resources.attachments.current(
        db,
        entries.map((e) => e.id),
      ),
    );
    const heldBefore = entries.flatMap((e) => e.before?.attachments ?? []);
    const appids = await this.apps.appidsOf(db, [...heldBefore.map((a) => a.appId), ...[...open.values()].flat().map((a) => a.app_id)]);
    const located = await this.apps.resolveMany(db, [...appids.values()]);
    const gone = entries.filter((e) => (e.before?.attachments ?? []).some((a) => !appids.has(a.appId) || !envs.has(a.env)));
    if (gone.length > 0) {
      const keys = gone.map((e) => e.key);
      throw new ConflictError(
        'batch_stale',
        `Batch ${batch.id} cannot be reverted: ${listed(keys)} held an app or environment that no longer exists. Nothing was changed.`,
        { resources: keys.slice(0, 1000) },
      );
    }
    const targets = entries.map((e): ResourceTarget => {
      const row = rows.get(e.id) as ResourceRow;
      const held = open.get(e.id) ?? [];
      const b = e.before;
      if (!b) return { ...identity(row), current: row, open: held, status: 'deleted', state: stateOf(row), attachments: [] };
      const attachments = b.attachments.map((a): Holding => {
        const appid = appids.get(a.appId) ?? '';
        const app = located.get(appid);
        return { appId: a.appId, appid, businessId: app?.businessId ?? '', domainId: app?.domainId ?? '', env: a.env, weight: a.weight };
      });
      return { ...identity(row), current: row, open: held, status: b.status, state: stateOf(b), deletedAt: b.deletedAt, attachments };
    });
    const steps = planSteps(targets, appids);
    const changes = steps.flatMap((s) => s.changes);
    return { steps, changes, summary: summarize(changes, entries.length) };
  }

  // ── read ─────────────────────────────────────────────────────────────────

  /** One batch with every change. Admins see all; a tenant its own (others are 404). */
  async get(ctx: RequestContext, id: string): Promise<Batch> {
    requireRunner(ctx);
    const b = await this.requireVisible(ctx, this.deps.db, id);
    return { ...header(b), changes: b.changes };
  }

  /** Batches newest first (keyset on id). A tenant sees its own. */
  async list(ctx: RequestContext, q: { limit: number; cursor?: string }): Promise<Page<BatchHeader>> {
    requireRunner(ctx);
    const p = ctx.principal;
    const rows = await this.repo.list(this.deps.db, {
      tenantId: p.kind === 'tenant' ? p.id : undefined,
      beforeId: decodeCursor(q.cursor),
      limit: q.limit,
    });
    const page = toPage(rows, q.limit, (r) => r.id);
    return { items: page.items.map(header), nextCursor: page.nextCursor };
  }

  private async requireVisible(ctx: RequestContext, db: Kysely<Database>, id: string): Promise<BatchDetailRow> {
    const b = await this.repo.find(db, id);
    const p = ctx.principal;
    if (!b || (p.kind === 'tenant' && b.tenant_id !== p.id)) throw notFound(id);
    return b;
  }
}

/** @throws ForbiddenError `not_permitted` unless the caller is an admin or a tenant. */
function requireRunner(ctx: RequestContext): void {
  const p = ctx.principal;
  if (!isAdmin(p) && p.kind !== 'tenant') {
    throw new ForbiddenError('not_permitted', 'Only an admin or a tenant (for its own resources) may run or read batch operations.');
  }
}

function checkConfigure(params: ConfigureParams): void {
  const none = !params.setLabels && !params.removeLabels?.length && !params.setAttributes && !params.removeAttributes?.length;
  if (none) {
    throw new ValidationError('params_empty', 'configure needs setLabels, removeLabels, setAttributes or removeAttributes.', {
      field: 'params',
    });
  }
  const both = (set: object | undefined, remove: string[] | undefined) => (remove ?? []).find((k) => set && k in set);
  const label = both(params.setLabels, params.removeLabels);
  if (label !== undefined) {
    throw new ValidationError('conflicting_params', `Label "${label}" is both set and removed.`, {
      field: 'params.removeLabels',
      key: label,
    });
  }
  const attr = both(params.setAttributes, params.removeAttributes);
  if (attr !== undefined) {
    throw new ValidationError('conflicting_params', `Attribute "${attr}" is both set and removed.`, {
      field: 'params.removeAttributes',
      key: attr,
    });
  }
}

function assertRevertible(b: BatchDetailRow): void {
  if (b.status === 'reverted') throw alreadyReverted(b.id);
  if (b.undo === null) {
    throw new ConflictError('batch_not_revertible', `Batch ${b.id} is itself a revert; apply the original request again instead.`, {
      batch: b.id,
    });
  }
}

const notFound = (id: string) => new NotFoundError('batch_not_found', `There is no batch "${id}" you can see.`, { batch: id });
const alreadyReverted = (id: string) =>
  new ConflictError('batch_already_reverted', `Batch ${id} has already been reverted; a batch is reverted at most once.`, { batch: id });

function listed(keys: string[]): string {
  return `${keys.slice(0, 20).join(', ')}${keys.length > 20 ? ` and ${keys.length - 20} more` : ''}`;
}

/** The keys of the resources a plan changes: the batch event lists them (details: GET /batches/{id}). */
function touched(plan: Plan): string[] {
  return plan.steps.map((s) => s.target.key);
}

function identity(row: ResourceRow) {
  return { key: resourceKey(row.type, row.external_id), type: row.type, externalId: row.external_id, tenantId: row.tenant_id };
}

function groupOpen(rows: AttachmentRow[]): Map<string, AttachmentRow[]> {
  const out = new Map<string, AttachmentRow[]>();
  for (const a of byAttachedAt(rows)) out.set(a.resource_id, [...(out.get(a.resource_id) ?? []), a]);
  return out;
}

function storedRequest(r: BatchRequest): StoredRequest {
  return { scope: r.scope, filter: r.filter ?? {}, action: r.action, params: (r.params ?? {}) as Record<string, unknown> };
}

function header(b: BatchRow): BatchHeader {
  return {
    id: b.id,
    action: b.action,
    scope: b.request.scope,
    filter: b.request.filter,
    params: b.request.params,
    actor: b.actor,
    tenant: b.tenant_name,
    status: b.status,
    createdAt: b.created_at,
    revertedAt: b.reverted_at,
    revertedBy: b.reverted_by,
    revertedIn: b.reverted_in,
    reverts: b.reverts,
    summary: b.summary ?? summarize([], 0),
  };
}
