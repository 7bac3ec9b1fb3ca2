import { sameJson } from '../../shared/json.ts';
import type { AttachmentRow } from './attachments.repository.ts';
import { InventoryDelta } from './inventory.repository.ts';
import type { ResourceRow } from './resources.repository.ts';
import type { ResourceInput } from './resources.types.ts';

/** An attach target after resolution: the app's ids and a validated environment and weight. */
export interface ResolvedTarget {
  appId: string;
  businessId: string;
  domainId: string;
  env: string;
  weight: number;
}

export interface UpsertItem {
  input: ResourceInput;
  tenantId: string;
  existing?: ResourceRow;
  /** resolved `input.attach`, when given */
  targets?: ResolvedTarget[];
}

/** Everything one bulk upsert will write, computed before anything is written. */
export interface UpsertPlan {
  inserts: ResourceRow[];
  updates: Array<{ before: ResourceRow; after: ResourceRow }>;
  unchanged: number;
  /** rows whose label index must be rewritten */
  relabel: ResourceRow[];
  opens: AttachmentRow[];
  closes: AttachmentRow[];
  inventory: InventoryDelta;
}

const targetKey = (appId: string, env: string, weight: number) => `${appId}\u0000${env}\u0000${weight}`;

/**
 * Pure planning of a bulk upsert: which resources are created, changed or unchanged, which
 * attachments open and close, and how the inventory moves. No I/O, so it is unit-testable and the
 * writes happen in one go afterwards.
 *
 * `current` holds the open attachments of the existing resources. An item with `attach` makes the
 * resource's open attachments exactly its targets (a weight change closes and reopens). A capacity
 * change of an attached resource moves the inventory of every app it stays attached to.
 */
export function planUpsert(
  items: UpsertItem[],
  current: Map<string, AttachmentRow[]>,
  ctx: { now: string; newId: () => string; importId: string },
): UpsertPlan {
  const plan: UpsertPlan = { inserts: [], updates: [], unchanged: 0, relabel: [], opens: [], closes: [], inventory: new InventoryDelta() };
  for (const { input, tenantId, existing, targets } of items) {
    const before = existing;
    const after: ResourceRow = before
      ? {
          ...before,
          name: input.name ?? before.name,
          capacity: input.capacity ?? before.capacity,
          attributes: input.attributes ?? before.attributes,
          labels: input.labels ?? before.labels,
          status: 'active',
          deleted_at: null,
        }
      : {
          id: ctx.newId(),
          type: input.type,
          external_id: input.externalId,
          tenant_id: tenantId,
          name: input.name ?? input.externalId,
          capacity: input.capacity ?? {},
          attributes: input.attributes ?? {},
          labels: input.labels ?? {},
          status: 'active',
          attached_count: 0,
          version: 1,
          last_attachment_change_at: null,
          created_at: ctx.now,
          updated_at: ctx.now,
          deleted_at: null,
        };

    const open = before ? (current.get(before.id) ?? []) : [];
    let keep = open;
    let attachmentsChanged = false;
    if (targets) {
      const wanted = new Map(targets.map((t) => [targetKey(t.appId, t.env, t.weight), t]));
      keep = open.filter((a) => wanted.has(targetKey(a.app_id, a.env, a.weight)));
      const closing = open.filter((a) => !wanted.has(targetKey(a.app_id, a.env, a.weight)));
      const have = new Set(keep.map((a) => targetKey(a.app_id, a.env, a.weight)));
      const opening = targets.filter((t) => !have.has(targetKey(t.appId, t.env, t.weight)));
      for (const a of closing) {
        plan.closes.push(a);
        plan.inventory.add(a.app_id, a.env, a.type, before?.capacity ?? {}, -1);
      }
      for (const t of opening) {
        plan.opens.push({
          id: ctx.newId(),
          resource_id: after.id,
          app_id: t.appId,
          business_id: t.businessId,
          domain_id: t.domainId,
          env: t.env,
          type: after.type,
          tenant_id: after.tenant_id,
          weight: t.weight,
          attached_at: ctx.now,
          detached_at: null,
          batch_id: ctx.importId,
        });
        plan.inventory.add(t.appId, t.env, after.type, after.capacity, 1);
      }
      attachmentsChanged = closing.length > 0 || opening.length > 0;
      after.attached_count = keep.length + opening.length;
      if (attachmentsChanged) after.last_attachment_change_at = ctx.now;
    }
    if (before && !sameJson(before.capacity, after.capacity)) {
      for (const a of keep) {
        plan.inventory.add(a.app_id, a.env, a.type, before.capacity, -1);
        plan.inventory.add(a.app_id, a.env, a.type, after.capacity, 1);
      }
    }

    if (!before) {
      plan.inserts.push(after);
      if (Object.keys(after.labels).length > 0) plan.relabel.push(after);
      continue;
    }
    const changed =
      attachmentsChanged ||
      before.status !== 'active' ||
      before.name !== after.name ||
      !sameJson(before.capacity, after.capacity) ||
      !sameJson(before.attributes, after.attributes) ||
      !sameJson(before.labels, after.labels);
    if (!changed) {
      plan.unchanged++;
      continue;
    }
    after.version = before.version + 1;
    after.updated_at = ctx.now;
    plan.updates.push({ before, after });
    if (!sameJson(before.labels, after.labels)) plan.relabel.push(after);
  }
  return plan;
}
