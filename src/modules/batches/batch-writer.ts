import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ConflictError } from '../../shared/errors.ts';
import { sameJson } from '../../shared/json.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { AttachmentRow } from '../resources/attachments.repository.ts';
import { InventoryDelta } from '../resources/inventory.repository.ts';
import type { ResourceRow } from '../resources/resources.repository.ts';
import type { ResourcesService } from '../resources/resources.service.ts';
import type { Step } from './batch-plan.ts';
import type { BatchesRepository } from './batches.repository.ts';
import type { UndoEntry } from './batches.types.ts';

/** The audit action for one resource's step: the most significant thing that happened to it. */
function auditAction(step: Step): string {
  const ops = new Set(step.changes.map((c) => c.op));
  if (ops.has('create')) return 'created';
  if (ops.has('delete')) return 'deleted';
  if (ops.has('configure')) return 'configured';
  if (ops.has('migrate')) return 'migrated';
  return ops.has('attach') ? 'attached' : 'detached';
}

/**
 * Writes planned steps inside the caller's transaction, the way ResourcesService writes single
 * changes: each touched resource gets version + 1, closed attachments keep their row (interval
 * closed now), new ones open now with the batch id, the inventory roll-up moves by the same delta,
 * and every resource gets an audit row carrying `ctx.batchId` (no event of its own: the batch has one).
 */
export class BatchWriter {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly resources: ResourcesService,
    private readonly repo: BatchesRepository,
  ) {}

  /**
   * Needs a transaction. Resource types must already be cached (`tenants.types()`), since views read
   * them and SQLite cannot query outside the open transaction. @throws ConflictError `staleCode` when
   * a resource's version moved since it was planned (a concurrent writer): the caller's transaction
   * rolls back. Returns, per touched resource, what a revert needs.
   */
  async write(tx: Kysely<Database>, ctx: RequestContext, steps: Step[], staleCode: string): Promise<UndoEntry[]> {
    const now = this.deps.clock.now().toISOString();
    const currents = steps.flatMap((s) => (s.target.current ? [s.target.current] : []));
    const beforeViews = new Map((await this.resources.views(tx, currents)).map((v) => [v.id, v]));

    const inserts: ResourceRow[] = [];
    const updates: Array<{ row: ResourceRow; expected: number; key: string }> = [];
    const relabel: ResourceRow[] = [];
    const closing = new Map<string, string[]>();
    const opening: AttachmentRow[] = [];
    const delta = new InventoryDelta();
    const undo: UndoEntry[] = [];
    const rows: ResourceRow[] = [];

    for (const step of steps) {
      const t = step.target;
      const cur = t.current;
      const moved = step.close.length + step.open.length > 0;
      // Intervals may not run backwards: an attachment change stamped later than now (clock skew
      // between replicas) moves this resource's instant to it, as single attach/detach do.
      const at = moved && cur?.last_attachment_change_at && cur.last_attachment_change_at > now ? cur.last_attachment_change_at : now;
      const deletedAt = t.deletedAt !== undefined ? t.deletedAt : cur?.status === 'deleted' ? cur.deleted_at : now;
      const row: ResourceRow = {
        id: cur?.id ?? this.deps.ids.next(),
        type: t.type,
        external_id: t.externalId,
        tenant_id: t.tenantId,
        ...t.state,
        status: t.status,
        attached_count: step.keep.length + step.open.length,
        version: cur ? cur.version + 1 : 1,
        last_attachment_change_at: moved ? at : (cur?.last_attachment_change_at ?? null),
        created_at: cur?.created_at ?? now,
        updated_at: now,
        deleted_at: t.status === 'deleted' ? deletedAt : null,
      };
      rows.push(row);
      if (cur) updates.push({ row, expected: cur.version, key: t.key });
      else inserts.push(row);
      if (cur ? !sameJson(cur.labels, row.labels) : Object.keys(row.labels).length > 0) relabel.push(row);

      if (step.close.length > 0) closing.set(at, [...(closing.get(at) ?? []), ...step.close.map((a) => a.id)]);
      for (const a of step.close) delta.add(a.app_id, a.env, a.type, cur?.capacity ?? {}, -1);
      for (const h of step.open) {
        opening.push({
          id: this.deps.ids.next(),
          resource_id: row.id,
          app_id: h.appId,
          business_id: h.businessId,
          domain_id: h.domainId,
          env: h.env,
          type: row.type,
          tenant_id: row.tenant_id,
          weight: h.weight,
          attached_at: at,
          detached_at: null,
          batch_id: ctx.batchId ?? null,
        });
        delta.add(h.appId, h.env, row.type, row.capacity, 1);
      }
      if (cur && !sameJson(cur.capacity, row.capacity)) {
        for (const a of step.keep) {
          delta.add(a.app_id, a.env, a.type, cur.capacity, -1);
          delta.add(a.app_id, a.env, a.type, row.capacity, 1);
        }
      }
      undo.push({
        id: row.id,
        key: t.key,
        version: row.version,
        before: cur
          ? {
              name: cur.name,
              capacity: cur.capacity,
              attributes: cur.attributes,
              labels: cur.labels,
              status: cur.status,
              deletedAt: cur.deleted_at,
              attachments: t.open.map((a) => ({ appId: a.app_id, env: a.env, weight: Number(a.weight) })),
            }
          : null,
      });
    }

    const stale: string[] = [];
    for (const u of updates) if (!(await this.resources.repo.update(tx, u.row, u.expected))) stale.push(u.key);
    if (stale.length > 0) {
      throw new ConflictError(
        staleCode,
        `${stale.slice(0, 20).join(', ')}${stale.length > 20 ? ` and ${stale.length - 20} more` : ''} changed while the batch ran; nothing was changed. Try again.`,
        { resources: stale.slice(0, 1000) },
      );
    }
    await this.resources.repo.insertMany(tx, inserts);
    await this.resources.repo.setLabels(tx, relabel);
    for (const [at, ids] of closing) await this.resources.attachments.close(tx, ids, at);
    await this.resources.attachments.open(tx, opening);
    await this.resources.inventory.apply(tx, delta);

    // One audit row per resource, no event each: the caller publishes one event for the batch.
    const afterViews = await this.resources.views(tx, rows);
    await this.deps.changes.auditMany(
      tx,
      ctx,
      steps.flatMap((step, i) => {
        const after = afterViews[i];
        if (!after) return [];
        return [
          {
            action: auditAction(step),
            entityType: 'resource',
            entityId: after.id,
            entityKey: after.key,
            before: beforeViews.get(after.id) ?? null,
            after,
          },
        ];
      }),
    );
    return undo;
  }
}
