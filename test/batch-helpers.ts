import type { DbHandle } from '../src/db/connect.ts';
import { readJson } from '../src/db/dialect.ts';
import { COUNT } from '../src/modules/resources/inventory.repository.ts';
import type { ResourceWorld } from './resource-helpers.ts';

/**
 * Seeds resources of both tenants (through the services) into the `resourceWorld`:
 *
 *   dba  mysql/m1 {storage 100} labels tier=gold   → pay.checkout.api PROD
 *        mysql/m2 {storage 50}                     → pay.checkout.web PROD (w 1) + pay.refund.core PROD (w 3)
 *        redis/r1 {memory 8}   labels tier=silver  → pay.checkout.api PRE
 *        mysql/m3 {storage 10}                     → ops.infra.agent PROD
 *        mysql/gone                                 registered, then deleted
 *   kube container/c1 {cpu 2, memory 4} labels tier=gold → pay.checkout.api PROD
 *        lb/l1                                      → pay.checkout.web FAT
 */
export async function seedResources(w: ResourceWorld): Promise<void> {
  const { f, dba, kube } = w;
  await f.s.resources.upsert(dba.ctx, [
    {
      type: 'mysql',
      externalId: 'm1',
      capacity: { storage: 100 },
      labels: { tier: 'gold' },
      attributes: { engine: '8.0' },
      attach: [{ appid: 'pay.checkout.api', env: 'PROD' }],
    },
    {
      type: 'mysql',
      externalId: 'm2',
      capacity: { storage: 50 },
      attach: [
        { appid: 'pay.checkout.web', env: 'PROD' },
        { appid: 'pay.refund.core', env: 'PROD', weight: 3 },
      ],
    },
    {
      type: 'redis',
      externalId: 'r1',
      capacity: { memory: 8 },
      labels: { tier: 'silver' },
      attach: [{ appid: 'pay.checkout.api', env: 'PRE' }],
    },
    { type: 'mysql', externalId: 'm3', capacity: { storage: 10 }, attach: [{ appid: 'ops.infra.agent', env: 'PROD' }] },
    { type: 'mysql', externalId: 'gone', name: 'old one', capacity: { storage: 5 }, labels: { tier: 'bronze' } },
  ]);
  await f.s.resources.delete(dba.ctx, 'mysql', 'gone');
  await f.s.resources.upsert(kube.ctx, [
    {
      type: 'container',
      externalId: 'c1',
      capacity: { cpu: 2, memory: 4 },
      labels: { tier: 'gold' },
      attach: [{ appid: 'pay.checkout.api', env: 'PROD' }],
    },
    { type: 'lb', externalId: 'l1', attach: [{ appid: 'pay.checkout.web', env: 'FAT' }] },
  ]);
  w.clock.advance(60_000);
}

export interface ResourceStateSnapshot {
  resources: Array<Record<string, unknown>>;
  labels: string[][];
  attachments: string[][];
  inventory: string[][];
}

/**
 * What a revert must restore: every resource's fields and status, the label index, the open
 * attachments and the inventory roll-up (rows at zero left out). Versions, `updated_at` and
 * `last_attachment_change_at` move forward by design; closed attachment rows (history) are appended.
 * Resources in `except` (registered by the batch under test) are left out.
 */
export async function resourceState(handle: DbHandle, except: ReadonlySet<string> = new Set()): Promise<ResourceStateSnapshot> {
  const db = handle.db;
  const keyOf = (type: string, ext: string) => `${type}/${ext}`;
  const rows = await db.selectFrom('resources').selectAll().execute();
  const kept = rows.filter((r) => !except.has(keyOf(r.type, r.external_id)));
  const resources = kept
    .map((r) => ({
      key: keyOf(r.type, r.external_id),
      tenant: r.tenant_id,
      name: r.name,
      capacity: readJson(r.capacity),
      attributes: readJson(r.attributes),
      labels: readJson(r.labels),
      status: r.status,
      attachedCount: Number(r.attached_count),
      createdAt: r.created_at,
      deletedAt: r.deleted_at,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const labels = (
    await db
      .selectFrom('resource_labels')
      .innerJoin('resources', 'resources.id', 'resource_labels.resource_id')
      .select(['resources.type', 'resources.external_id', 'resource_labels.key', 'resource_labels.value'])
      .execute()
  )
    .filter((r) => !except.has(keyOf(r.type, r.external_id)))
    .map((r) => [keyOf(r.type, r.external_id), r.key, r.value])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
  const attachments = (
    await db
      .selectFrom('attachments')
      .innerJoin('resources', 'resources.id', 'attachments.resource_id')
      .innerJoin('apps', 'apps.id', 'attachments.app_id')
      .select(['resources.type', 'resources.external_id', 'apps.appid', 'attachments.env', 'attachments.weight', 'attachments.business_id'])
      .where('attachments.detached_at', 'is', null)
      .execute()
  )
    .map((r) => [keyOf(r.type, r.external_id), r.appid, r.env, String(Number(r.weight)), r.business_id])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
  return { resources, labels, attachments, inventory: await inventoryRows(handle) };
}

/** The maintained inventory roll-up, rows at zero left out, as sorted `[app_id, env, type, dimension, total]`. */
export async function inventoryRows(handle: DbHandle): Promise<string[][]> {
  const rows = await handle.db.selectFrom('inventory').selectAll().execute();
  return rows
    .filter((r) => Number(r.total) !== 0)
    .map((r) => [r.app_id, r.env, r.type, r.dimension, String(Number(r.total))])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
}

/** The inventory recomputed from scratch from the open attachments and the resources' capacities. */
export async function recomputedInventory(handle: DbHandle): Promise<string[][]> {
  const open = await handle.db
    .selectFrom('attachments')
    .innerJoin('resources', 'resources.id', 'attachments.resource_id')
    .select(['attachments.app_id', 'attachments.env', 'attachments.type', 'resources.capacity'])
    .where('attachments.detached_at', 'is', null)
    .execute();
  const totals = new Map<string, number>();
  const bump = (k: string[], by: number) => totals.set(k.join('\u0000'), (totals.get(k.join('\u0000')) ?? 0) + by);
  for (const a of open) {
    bump([a.app_id, a.env, a.type, COUNT], 1);
    for (const [dim, v] of Object.entries(readJson<Record<string, number>>(a.capacity))) bump([a.app_id, a.env, a.type, dim], v);
  }
  return [...totals]
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => [...k.split('\u0000'), String(v)])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
}

/** Every attachment row (history included) as `[resource id, app_id, env, weight, attached_at, detached_at]`, sorted. */
export async function attachmentHistory(handle: DbHandle): Promise<string[][]> {
  const rows = await handle.db.selectFrom('attachments').selectAll().execute();
  return rows
    .map((r) => [r.id, r.resource_id, r.app_id, r.env, String(Number(r.weight)), r.attached_at, r.detached_at ?? ''])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
}
