import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { EnvironmentsService } from '../environments/environments.service.ts';
import type { TenantsService } from '../tenants/tenants.service.ts';
import type { AppsService } from '../tree/apps.service.ts';
import { type AttachmentRow, AttachmentsRepository } from './attachments.repository.ts';
import { InventoryDelta, InventoryRepository } from './inventory.repository.ts';
import type { ResourceAccess } from './resource-access.ts';
import { type ResourceRow, ResourcesRepository } from './resources.repository.ts';
import { type Attachment, type Rejection, type Resource, type ResourceInput, resourceKey, type UpsertResult } from './resources.types.ts';
import { planUpsert, type ResolvedTarget, type UpsertItem, type UpsertPlan } from './upsert-plan.ts';

export const MAX_UPSERT_ITEMS = 10_000;

/** Splits `{type}/{externalId}`; the external id may itself contain `/`. */
export function parseResourceKey(key: string): { type: string; externalId: string } | undefined {
  const i = key.indexOf('/');
  if (i <= 0 || i === key.length - 1) return undefined;
  return { type: key.slice(0, i), externalId: key.slice(i + 1) };
}

/**
 * Resources registered by tenants, and their attachments to apps. Only the tenant owning a type (or an
 * admin) changes its resources; every change bumps the resource's version, keeps attachment history
 * as validity intervals, maintains the inventory roll-up, and is audited in the same transaction.
 */
export class ResourcesService {
  readonly repo: ResourcesRepository;
  readonly attachments: AttachmentsRepository;
  readonly inventory = new InventoryRepository();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly tenants: TenantsService,
    private readonly apps: AppsService,
    private readonly environments: EnvironmentsService,
    private readonly access: ResourceAccess,
  ) {
    this.repo = new ResourcesRepository(deps.bulkInsert);
    this.attachments = new AttachmentsRepository(deps.bulkInsert);
  }

  // ── views ────────────────────────────────────────────────────────────────

  /** Resource views with their open attachments (appids resolved in one query). */
  async views(db: ServiceDeps['db'], rows: ResourceRow[]): Promise<Resource[]> {
    const open = await this.attachments.current(
      db,
      rows.map((r) => r.id),
    );
    const appids = await this.apps.appidsOf(
      db,
      open.map((a) => a.app_id),
    );
    const types = await this.tenants.types(db);
    const byResource = new Map<string, Attachment[]>();
    for (const a of open) {
      const list = byResource.get(a.resource_id) ?? [];
      list.push(toAttachment(a, appids));
      byResource.set(a.resource_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      key: resourceKey(r.type, r.external_id),
      type: r.type,
      externalId: r.external_id,
      tenant: types.get(r.type)?.tenant ?? '',
      name: r.name,
      capacity: r.capacity,
      attributes: r.attributes,
      labels: r.labels,
      status: r.status,
      version: r.version,
      attachments: byResource.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
    }));
  }

  private async view(db: ServiceDeps['db'], row: ResourceRow): Promise<Resource> {
    return (await this.views(db, [row]))[0] as Resource;
  }

  /** @throws NotFoundError `resource_not_found` (also when the caller may not see it) */
  private async requireVisible(ctx: RequestContext, type: string, externalId: string): Promise<ResourceRow> {
    const row = await this.repo.find(this.deps.db, type, externalId);
    const key = resourceKey(type, externalId);
    if (!row || !(await this.isVisible(ctx, row))) {
      throw new NotFoundError('resource_not_found', `There is no resource "${key}" you can see.`, { resource: key });
    }
    return row;
  }

  private async isVisible(ctx: RequestContext, row: ResourceRow): Promise<boolean> {
    const v = await this.access.visibility(ctx);
    if ('all' in v) return true;
    if ('tenantId' in v) return v.tenantId === row.tenant_id;
    const open = await this.attachments.current(this.deps.db, [row.id]);
    const s = v.scopes;
    return open.some((a) => s.appIds.includes(a.app_id) || s.businessIds.includes(a.business_id) || s.domainIds.includes(a.domain_id));
  }

  /** One resource with its open attachments. Visible to admins, its tenant, and users with a role where it is attached. */
  async get(ctx: RequestContext, type: string, externalId: string): Promise<Resource> {
    return this.view(this.deps.db, await this.requireVisible(ctx, type, externalId));
  }

  /** Every attachment the resource ever had, oldest first, with validity intervals. */
  async history(ctx: RequestContext, type: string, externalId: string): Promise<{ resource: string; attachments: Attachment[] }> {
    const row = await this.requireVisible(ctx, type, externalId);
    const rows = await this.attachments.history(this.deps.db, row.id);
    const appids = await this.apps.appidsOf(
      this.deps.db,
      rows.map((a) => a.app_id),
    );
    return { resource: resourceKey(type, externalId), attachments: rows.map((a) => toAttachment(a, appids)) };
  }

  /** The app(s) that held the resource at `at` (attached_at ≤ at < detached_at). */
  async holdersAt(
    ctx: RequestContext,
    type: string,
    externalId: string,
    at: string,
  ): Promise<{ resource: string; at: string; holders: Attachment[] }> {
    const when = parseInstant('at', at);
    const row = await this.requireVisible(ctx, type, externalId);
    const rows = await this.attachments.heldAt(this.deps.db, row.id, when);
    const appids = await this.apps.appidsOf(
      this.deps.db,
      rows.map((a) => a.app_id),
    );
    return { resource: resourceKey(type, externalId), at: when, holders: rows.map((a) => toAttachment(a, appids)) };
  }

  // ── bulk upsert ──────────────────────────────────────────────────────────

  /**
   * Registers or updates up to 10,000 resources in one transaction. Bad items are rejected one by one
   * (with the reason) and the rest are kept. Items of types the caller does not own are rejected with
   * `resource_not_owned` and the attempt is audited. With `full: type`, the call is the tenant's whole
   * inventory of that type: its active resources missing from the call are deleted and detached.
   * One audit row and one outbox event describe the whole call (per-resource detail inside).
   */
  async upsert(ctx: RequestContext, items: ResourceInput[], opts: { full?: string } = {}): Promise<UpsertResult> {
    if (items.length > MAX_UPSERT_ITEMS) {
      throw new ValidationError('too_many_items', `At most ${MAX_UPSERT_ITEMS} resources per call (got ${items.length}).`, {
        field: 'items',
      });
    }
    const rejected: Rejection[] = [];

    const fullType = opts.full ? await this.tenants.requireType(opts.full, 'type') : undefined;
    if (fullType && !this.access.canChange(ctx, fullType.tenantId)) {
      await this.access.assertCanChange(ctx, fullType.tenantId, `${fullType.name}/*`, 'fully sync');
    }
    const types = await this.tenants.types();
    const envs = new Set((await this.environments.list()).map((e) => e.name));
    const targetsByAppid = await this.apps.resolveMany(
      this.deps.db,
      items.flatMap((i) => (i.attach ?? []).map((t) => t.appid)),
    );

    const accepted: Array<{ index: number; item: UpsertItem }> = [];
    const notOwned: string[] = [];
    const seen = new Set<string>();
    // Each item is accepted, or rejected with the first rule it breaks.
    const check = (input: ResourceInput): UpsertItem | { code: string; message: string } => {
      const type = types.get(input.type);
      if (!type) return { code: 'unknown_resource_type', message: `There is no resource type "${input.type}".` };
      const key = resourceKey(input.type, input.externalId);
      if (!this.access.canChange(ctx, type.tenantId)) {
        notOwned.push(key);
        return {
          code: 'resource_not_owned',
          message: `Type "${input.type}" belongs to tenant "${type.tenant}"; nothing was changed for this item.`,
        };
      }
      if (fullType && input.type !== fullType.name) {
        return { code: 'type_mismatch', message: `A full sync of "${fullType.name}" may only contain resources of that type.` };
      }
      if (seen.has(key)) return { code: 'duplicate_item', message: `${key} appears more than once in this call.` };
      seen.add(key);
      const dims = new Set(type.dimensions.map((d) => d.name));
      const badDim = Object.keys(input.capacity ?? {}).find((d) => !dims.has(d));
      if (badDim) {
        const has = [...dims].join(', ') || 'none';
        return { code: 'unknown_dimension', message: `Type "${input.type}" has no capacity dimension "${badDim}" (it has: ${has}).` };
      }
      if (!input.attach) return { input, tenantId: type.tenantId };
      const targets: ResolvedTarget[] = [];
      for (const t of input.attach) {
        const app = targetsByAppid.get(t.appid);
        if (!app) return { code: 'app_not_found', message: `There is no app "${t.appid}".` };
        if (!envs.has(t.env)) return { code: 'unknown_environment', message: `There is no environment "${t.env}".` };
        if (targets.some((x) => x.appId === app.id && x.env === t.env)) {
          return { code: 'duplicate_attachment', message: `${t.appid} ${t.env} is listed twice.` };
        }
        targets.push({ appId: app.id, businessId: app.businessId, domainId: app.domainId, env: t.env, weight: t.weight ?? 1 });
      }
      return { input, tenantId: type.tenantId, targets };
    };
    items.forEach((input, index) => {
      const outcome = check(input);
      if ('code' in outcome) rejected.push({ index, key: resourceKey(input.type, input.externalId), ...outcome });
      else accepted.push({ index, item: outcome });
    });
    if (notOwned.length > 0) await this.access.recordRefusal(ctx, notOwned, 'upsert');

    const importId = this.deps.ids.next();
    const now = this.deps.clock.now().toISOString();
    const result = await this.deps.transaction(async (tx) => {
      const byType = new Map<string, UpsertItem[]>();
      for (const { item } of accepted) {
        const list = byType.get(item.input.type) ?? [];
        list.push(item);
        byType.set(item.input.type, list);
      }
      for (const [type, list] of byType) {
        const existing = await this.repo.findMany(
          tx,
          type,
          list.map((i) => i.input.externalId),
        );
        for (const i of list) i.existing = existing.get(i.input.externalId);
      }
      const existingIds = accepted.flatMap(({ item }) => (item.existing ? [item.existing.id] : []));
      const current = groupBy(await this.attachments.current(tx, existingIds), (a) => a.resource_id);
      const plan = planUpsert(
        accepted.map((a) => a.item),
        current,
        { now, newId: () => this.deps.ids.next(), importId },
      );

      let deleted: ResourceRow[] = [];
      if (fullType) {
        // Every item of the type counts as present, rejected ones too: a bad field must not delete a real resource.
        const keep = new Set(items.filter((i) => i.type === fullType.name).map((i) => i.externalId));
        const gone = await this.repo.activeNotIn(tx, fullType.tenantId, fullType.name, keep);
        deleted = await this.repo.findByIds(tx, gone);
        const open = await this.attachments.current(tx, gone);
        for (const a of open) plan.closes.push(a);
        const byId = new Map(deleted.map((r) => [r.id, r]));
        for (const a of open) plan.inventory.add(a.app_id, a.env, a.type, byId.get(a.resource_id)?.capacity ?? {}, -1);
      }

      await this.repo.insertMany(tx, plan.inserts);
      for (const { after } of plan.updates) await this.repo.update(tx, after);
      for (const r of deleted) {
        await this.repo.update(tx, {
          ...r,
          status: 'deleted',
          attached_count: 0,
          version: r.version + 1,
          updated_at: now,
          deleted_at: now,
          last_attachment_change_at: r.attached_count > 0 ? now : r.last_attachment_change_at,
        });
      }
      await this.repo.setLabels(tx, plan.relabel);
      await this.attachments.close(
        tx,
        plan.closes.map((a) => a.id),
        now,
      );
      await this.attachments.open(tx, plan.opens);
      await this.inventory.apply(tx, plan.inventory);

      const summary: UpsertResult = {
        created: plan.inserts.length,
        updated: plan.updates.length,
        unchanged: plan.unchanged,
        deleted: deleted.length,
        attached: plan.opens.length,
        detached: plan.closes.length,
        rejected,
        importId,
      };
      if (plan.inserts.length + plan.updates.length + deleted.length > 0) {
        await this.deps.changes.record(tx, ctx, {
          action: 'upserted',
          entityType: 'resource_import',
          entityId: importId,
          entityKey: fullType ? `${fullType.name} (full sync)` : `${accepted.length} resources`,
          before: { updated: plan.updates.map((u) => describe(u.before)), deleted: deleted.map(describe) },
          after: {
            created: plan.inserts.map((r) => resourceKey(r.type, r.external_id)),
            updated: plan.updates.map((u) => describe(u.after)),
            attached: plan.opens.length,
            detached: plan.closes.length,
            rejected: rejected.length,
          },
        });
      }
      await this.emitBulkEvents(tx, importId, plan, deleted);
      return summary;
    });
    return result;
  }

  /**
   * One event per kind of change in a bulk call (`resource.registered`, `resource.changed`,
   * `resource.deleted`, `resource.attached`, `resource.detached`), each listing its resources,
   * instead of one event per resource: consumers get the same facts in O(1) outbox rows per call.
   */
  private async emitBulkEvents(tx: ServiceDeps['db'], importId: string, plan: UpsertPlan, deleted: ResourceRow[]): Promise<void> {
    const byId = new Map(
      [...plan.inserts, ...plan.updates.map((u) => u.after), ...deleted].map((r) => [r.id, resourceKey(r.type, r.external_id)]),
    );
    const appids = await this.apps.appidsOf(
      tx,
      [...plan.opens, ...plan.closes].map((a) => a.app_id),
    );
    const attachment = (a: AttachmentRow) => ({
      resource: byId.get(a.resource_id) ?? a.resource_id,
      appid: appids.get(a.app_id),
      env: a.env,
      weight: a.weight,
    });
    const events: Array<[string, unknown[]]> = [
      ['resource.registered', plan.inserts.map((r) => resourceKey(r.type, r.external_id))],
      ['resource.changed', plan.updates.map((u) => resourceKey(u.after.type, u.after.external_id))],
      ['resource.deleted', deleted.map((r) => resourceKey(r.type, r.external_id))],
      ['resource.attached', plan.opens.map(attachment)],
      ['resource.detached', plan.closes.map(attachment)],
    ];
    for (const [type, items] of events) {
      if (items.length > 0)
        await this.deps.changes.emit(tx, { type, entityType: 'resource_import', entityId: importId, payload: { importId, items } });
    }
  }

  // ── single-resource changes ──────────────────────────────────────────────

  /**
   * Checks, before any transaction, that the caller may change resources of `type`: a type belongs
   * to one tenant for good, so ownership needs no row. A refusal is audited in its own transaction
   * (it must not share one with the refused change) and is a 403 `resource_not_owned`, whether or
   * not the resource exists, so a tenant learns nothing about another tenant's resources.
   */
  private async authorize(ctx: RequestContext, type: string, externalId: string, action: string): Promise<void> {
    const key = resourceKey(type, externalId);
    const t = (await this.tenants.types()).get(type);
    if (!t) throw new NotFoundError('resource_not_found', `There is no resource "${key}" (no resource type "${type}").`, { resource: key });
    await this.access.assertCanChange(ctx, t.tenantId, key, action);
  }

  /** The resource row, read in the change's transaction. @throws NotFoundError `resource_not_found` */
  private async load(tx: ServiceDeps['db'], type: string, externalId: string): Promise<ResourceRow> {
    const row = await this.repo.find(tx, type, externalId);
    if (!row) {
      const key = resourceKey(type, externalId);
      throw new NotFoundError('resource_not_found', `There is no resource "${key}".`, { resource: key });
    }
    return row;
  }

  /** Validates an `at` for an attachment change: not in the future, not before the last change. */
  private attachmentTime(row: ResourceRow, at: string | undefined): string {
    const now = this.deps.clock.now().toISOString();
    if (at === undefined) {
      if (row.last_attachment_change_at && row.last_attachment_change_at > now) return row.last_attachment_change_at;
      return now;
    }
    const when = parseInstant('at', at);
    if (when > now) throw new ValidationError('time_in_future', `at ${when} lies in the future (now is ${now}).`, { field: 'at' });
    if (row.last_attachment_change_at && when < row.last_attachment_change_at) {
      throw new ValidationError(
        'time_before_last_change',
        `at ${when} lies before this resource's previous attachment change (${row.last_attachment_change_at}).`,
        { field: 'at', lastChange: row.last_attachment_change_at },
      );
    }
    return when;
  }

  /**
   * Attaches a resource to app+env from `at` (default now). A resource may be attached to several
   * apps (weights split its cost); attaching twice to the same app+env is a 409 `already_attached`.
   */
  async attach(
    ctx: RequestContext,
    type: string,
    externalId: string,
    input: { appid: string; env: string; weight?: number; at?: string },
  ): Promise<Resource> {
    await this.authorize(ctx, type, externalId, 'attach');
    await this.environments.assertKnown('env', [input.env]);
    return this.deps.transaction(async (tx) => {
      const row = await this.load(tx, type, externalId);
      const key = resourceKey(type, externalId);
      if (row.status === 'deleted')
        throw new ConflictError('resource_deleted', `${key} is deleted; register it again first.`, { resource: key });
      const app = await this.apps.resolve(tx, input.appid, 'appid');
      const open = await this.attachments.current(tx, [row.id]);
      if (open.some((a) => a.app_id === app.id && a.env === input.env)) {
        throw new ConflictError(
          'already_attached',
          `${key} is already attached to ${app.appid} in ${input.env}; detach it first to change the weight.`,
        );
      }
      const at = this.attachmentTime(row, input.at);
      const attachment: AttachmentRow = {
        id: this.deps.ids.next(),
        resource_id: row.id,
        app_id: app.id,
        business_id: app.business_id,
        domain_id: app.domain_id,
        env: input.env,
        type: row.type,
        tenant_id: row.tenant_id,
        weight: input.weight ?? 1,
        attached_at: at,
        detached_at: null,
        batch_id: ctx.batchId ?? null,
      };
      await this.attachments.open(tx, [attachment]);
      const delta = new InventoryDelta();
      delta.add(app.id, input.env, row.type, row.capacity, 1);
      await this.inventory.apply(tx, delta);
      return this.saveChange(tx, ctx, row, { attached_count: open.length + 1, last_attachment_change_at: at }, 'attached');
    });
  }

  /**
   * Detaches a resource at `at` (default now): from one app+env, from every env of one app, or from
   * everything when neither is given. @throws ConflictError `not_attached` when nothing matched.
   */
  async detach(
    ctx: RequestContext,
    type: string,
    externalId: string,
    input: { appid?: string; env?: string; at?: string },
  ): Promise<Resource> {
    await this.authorize(ctx, type, externalId, 'detach');
    return this.deps.transaction(async (tx) => {
      const row = await this.load(tx, type, externalId);
      const key = resourceKey(type, externalId);
      const app = input.appid ? await this.apps.resolve(tx, input.appid, 'appid') : undefined;
      const open = await this.attachments.current(tx, [row.id]);
      const closing = open.filter((a) => (!app || a.app_id === app.id) && (!input.env || a.env === input.env));
      if (closing.length === 0) {
        throw new ConflictError(
          'not_attached',
          `${key} is not attached${app ? ` to ${app.appid}` : ''}${input.env ? ` in ${input.env}` : ''}.`,
          {
            resource: key,
          },
        );
      }
      const at = this.attachmentTime(row, input.at);
      await this.attachments.close(
        tx,
        closing.map((a) => a.id),
        at,
      );
      const delta = new InventoryDelta();
      for (const a of closing) delta.add(a.app_id, a.env, a.type, row.capacity, -1);
      await this.inventory.apply(tx, delta);
      return this.saveChange(tx, ctx, row, { attached_count: open.length - closing.length, last_attachment_change_at: at }, 'detached');
    });
  }

  /** Deletes a resource: detaches it from everything first; its history stays. */
  async delete(ctx: RequestContext, type: string, externalId: string): Promise<void> {
    await this.authorize(ctx, type, externalId, 'delete');
    await this.deps.transaction(async (tx) => {
      const row = await this.load(tx, type, externalId);
      if (row.status === 'deleted') return;
      const now = this.deps.clock.now().toISOString();
      const open = await this.attachments.current(tx, [row.id]);
      await this.attachments.close(
        tx,
        open.map((a) => a.id),
        now,
      );
      const delta = new InventoryDelta();
      for (const a of open) delta.add(a.app_id, a.env, a.type, row.capacity, -1);
      await this.inventory.apply(tx, delta);
      await this.saveChange(
        tx,
        ctx,
        row,
        {
          status: 'deleted',
          deleted_at: now,
          attached_count: 0,
          last_attachment_change_at: open.length ? now : row.last_attachment_change_at,
        },
        'deleted',
      );
    });
  }

  /** Writes a changed resource row (version + 1), audits before/after, and returns the new view. */
  private async saveChange(
    tx: ServiceDeps['db'],
    ctx: RequestContext,
    row: ResourceRow,
    patch: Partial<ResourceRow>,
    action: string,
  ): Promise<Resource> {
    const before = await this.view(tx, row);
    const after: ResourceRow = { ...row, ...patch, version: row.version + 1, updated_at: this.deps.clock.now().toISOString() };
    await this.repo.update(tx, after);
    const view = await this.view(tx, after);
    await this.deps.changes.record(tx, ctx, {
      action,
      entityType: 'resource',
      entityId: row.id,
      entityKey: view.key,
      before,
      after: view,
    });
    return view;
  }
}

function toAttachment(a: AttachmentRow, appids: Map<string, string>): Attachment {
  return { appid: appids.get(a.app_id) ?? '', env: a.env, weight: Number(a.weight), attachedAt: a.attached_at, detachedAt: a.detached_at };
}

function describe(r: ResourceRow) {
  return { key: resourceKey(r.type, r.external_id), name: r.name, capacity: r.capacity, labels: r.labels, version: r.version };
}

function groupBy<T>(rows: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k) ?? [];
    list.push(r);
    out.set(k, list);
  }
  return out;
}

/** Parses an ISO-8601 instant into the stored form. @throws ValidationError `invalid_timestamp` */
export function parseInstant(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new ValidationError('invalid_timestamp', `${field} "${value}" is not an ISO-8601 timestamp such as 2026-11-01T00:00:00Z.`, {
      field,
    });
  }
  return new Date(ms).toISOString();
}
