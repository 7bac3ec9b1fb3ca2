import { describe, expect, it } from 'vitest';
import type { AttachmentRow } from './attachments.repository.ts';
import { COUNT } from './inventory.repository.ts';
import type { ResourceRow } from './resources.repository.ts';
import type { ResourceInput } from './resources.types.ts';
import { planUpsert, type ResolvedTarget, type UpsertItem } from './upsert-plan.ts';

const BEFORE = '2026-11-01T00:00:00.000Z';
const NOW = '2026-11-26T09:00:00.000Z';

/** Plan context with predictable ids: id-1, id-2, … */
function ctx() {
  let n = 0;
  return { now: NOW, importId: 'import-1', newId: () => `id-${++n}` };
}

function stored(over: Partial<ResourceRow> = {}): ResourceRow {
  return {
    id: 'r-1',
    type: 'container',
    external_id: 'pod-1',
    tenant_id: 'tenant-kube',
    name: 'pod one',
    capacity: { cpu: 2, memory: 4 },
    attributes: { zone: 'a' },
    labels: { team: 'core' },
    status: 'active',
    attached_count: 0,
    version: 3,
    last_attachment_change_at: null,
    created_at: BEFORE,
    updated_at: BEFORE,
    deleted_at: null,
    ...over,
  };
}

function open(over: Partial<AttachmentRow> & Pick<AttachmentRow, 'app_id' | 'env'>): AttachmentRow {
  return {
    id: `att-${over.app_id}-${over.env}`,
    resource_id: 'r-1',
    business_id: 'b-1',
    domain_id: 'd-1',
    type: 'container',
    tenant_id: 'tenant-kube',
    weight: 1,
    attached_at: BEFORE,
    detached_at: null,
    batch_id: null,
    ...over,
  };
}

const target = (appId: string, env: string, weight = 1): ResolvedTarget => ({ appId, businessId: 'b-1', domainId: 'd-1', env, weight });

function item(input: Partial<ResourceInput>, existing?: ResourceRow, targets?: ResolvedTarget[]): UpsertItem {
  return { input: { type: 'container', externalId: 'pod-1', ...input }, tenantId: 'tenant-kube', existing, targets };
}

/** The inventory delta as sorted `app env type dimension total` lines. */
const deltaLines = (plan: ReturnType<typeof planUpsert>) =>
  plan.inventory
    .rows()
    .map((r) => `${r.app_id} ${r.env} ${r.type} ${r.dimension} ${r.total}`)
    .sort();

describe('planUpsert: classification', () => {
  it('creates a resource that does not exist, with defaults for the fields left out and version 1', () => {
    const plan = planUpsert([item({ externalId: 'pod-9' })], new Map(), ctx());
    expect(plan.inserts).toEqual([
      {
        id: 'id-1',
        type: 'container',
        external_id: 'pod-9',
        tenant_id: 'tenant-kube',
        name: 'pod-9',
        capacity: {},
        attributes: {},
        labels: {},
        status: 'active',
        attached_count: 0,
        version: 1,
        last_attachment_change_at: null,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      },
    ]);
    expect({ updates: plan.updates, unchanged: plan.unchanged, relabel: plan.relabel, opens: plan.opens, closes: plan.closes }).toEqual({
      updates: [],
      unchanged: 0,
      relabel: [],
      opens: [],
      closes: [],
    });
    expect(deltaLines(plan)).toEqual([]);
  });

  it('indexes the labels of a created resource that has labels', () => {
    const plan = planUpsert([item({ labels: { team: 'core' } })], new Map(), ctx());
    expect(plan.relabel.map((r) => [r.id, r.labels])).toEqual([['id-1', { team: 'core' }]]);
  });

  it('counts a resource whose given fields all equal the stored ones as unchanged, without a new version', () => {
    const before = stored();
    const plan = planUpsert(
      [item({ name: 'pod one', capacity: { cpu: 2, memory: 4 }, attributes: { zone: 'a' }, labels: { team: 'core' } }, before)],
      new Map(),
      ctx(),
    );
    expect({ inserts: plan.inserts, updates: plan.updates, unchanged: plan.unchanged, relabel: plan.relabel }).toEqual({
      inserts: [],
      updates: [],
      unchanged: 1,
      relabel: [],
    });
    expect(deltaLines(plan)).toEqual([]);
  });

  it('keeps the stored value of every field the item leaves out (an item with only the key is unchanged)', () => {
    const plan = planUpsert([item({}, stored())], new Map(), ctx());
    expect(plan.unchanged).toBe(1);
    expect(plan.updates).toEqual([]);
  });

  it('updates a changed resource: version + 1, updated_at now, the fields left out kept', () => {
    const before = stored();
    const plan = planUpsert([item({ name: 'renamed' }, before)], new Map(), ctx());
    expect(plan.updates).toEqual([{ before, after: { ...before, name: 'renamed', version: 4, updated_at: NOW } }]);
    expect({ unchanged: plan.unchanged, relabel: plan.relabel, inserts: plan.inserts }).toEqual({ unchanged: 0, relabel: [], inserts: [] });
  });

  it.each([
    ['capacity', { capacity: { cpu: 4, memory: 4 } }],
    ['attributes', { attributes: { zone: 'b' } }],
    ['labels', { labels: { team: 'edge' } }],
  ])('treats a change of %s as an update', (_field, change) => {
    const plan = planUpsert([item(change, stored())], new Map(), ctx());
    expect(plan.updates.map((u) => u.after.version)).toEqual([4]);
    expect(plan.unchanged).toBe(0);
  });

  it('rewrites the label index only when the labels changed', () => {
    const labelled = planUpsert([item({ labels: { team: 'edge', tier: 'one' } }, stored())], new Map(), ctx());
    expect(labelled.relabel.map((r) => r.labels)).toEqual([{ team: 'edge', tier: 'one' }]);
    const renamed = planUpsert([item({ name: 'other' }, stored())], new Map(), ctx());
    expect(renamed.relabel).toEqual([]);
  });

  it('re-registers a deleted resource as an update that makes it active again', () => {
    const before = stored({ status: 'deleted', deleted_at: BEFORE });
    const plan = planUpsert([item({}, before)], new Map(), ctx());
    expect(plan.updates).toEqual([{ before, after: { ...before, status: 'active', deleted_at: null, version: 4, updated_at: NOW } }]);
  });

  it('classifies several items independently, in order', () => {
    const a = stored({ id: 'r-a', external_id: 'a' });
    const b = stored({ id: 'r-b', external_id: 'b' });
    const plan = planUpsert(
      [item({ externalId: 'a' }, a), item({ externalId: 'new' }), item({ externalId: 'b', name: 'bee' }, b)],
      new Map(),
      ctx(),
    );
    expect(plan.inserts.map((r) => r.external_id)).toEqual(['new']);
    expect(plan.updates.map((u) => u.after.external_id)).toEqual(['b']);
    expect(plan.unchanged).toBe(1);
  });
});

describe('planUpsert: attachments', () => {
  it('leaves the attachments alone when the item has no attach list', () => {
    const before = stored({ attached_count: 1 });
    const current = new Map([['r-1', [open({ app_id: 'app-a', env: 'PROD' })]]]);
    const plan = planUpsert([item({ name: 'renamed' }, before)], current, ctx());
    expect({ opens: plan.opens, closes: plan.closes }).toEqual({ opens: [], closes: [] });
    expect(plan.updates[0]?.after.attached_count).toBe(1);
    expect(plan.updates[0]?.after.last_attachment_change_at).toBeNull();
  });

  it('opens an attachment for each target of a new resource, from now, carrying the import id', () => {
    const plan = planUpsert(
      [item({ capacity: { cpu: 2 } }, undefined, [target('app-a', 'PROD'), target('app-b', 'FAT', 3)])],
      new Map(),
      ctx(),
    );
    expect(plan.opens).toEqual([
      {
        id: 'id-2',
        resource_id: 'id-1',
        app_id: 'app-a',
        business_id: 'b-1',
        domain_id: 'd-1',
        env: 'PROD',
        type: 'container',
        tenant_id: 'tenant-kube',
        weight: 1,
        attached_at: NOW,
        detached_at: null,
        batch_id: 'import-1',
      },
      {
        id: 'id-3',
        resource_id: 'id-1',
        app_id: 'app-b',
        business_id: 'b-1',
        domain_id: 'd-1',
        env: 'FAT',
        type: 'container',
        tenant_id: 'tenant-kube',
        weight: 3,
        attached_at: NOW,
        detached_at: null,
        batch_id: 'import-1',
      },
    ]);
    expect(plan.inserts[0]).toMatchObject({ attached_count: 2, last_attachment_change_at: NOW });
    expect(deltaLines(plan)).toEqual([
      `app-a PROD container ${COUNT} 1`,
      'app-a PROD container cpu 2',
      `app-b FAT container ${COUNT} 1`,
      'app-b FAT container cpu 2',
    ]);
  });

  it('makes the open attachments exactly the targets: keeps the same, closes the missing, opens the new', () => {
    const before = stored({ attached_count: 2, last_attachment_change_at: BEFORE });
    const keep = open({ app_id: 'app-a', env: 'PROD' });
    const gone = open({ app_id: 'app-b', env: 'PROD' });
    const plan = planUpsert([item({}, before, [target('app-a', 'PROD'), target('app-c', 'UAT')])], new Map([['r-1', [keep, gone]]]), ctx());
    expect(plan.closes).toEqual([gone]);
    expect(plan.opens.map((a) => [a.app_id, a.env, a.weight, a.resource_id])).toEqual([['app-c', 'UAT', 1, 'r-1']]);
    expect(plan.updates).toEqual([
      {
        before,
        after: { ...before, attached_count: 2, last_attachment_change_at: NOW, version: 4, updated_at: NOW },
      },
    ]);
    expect(deltaLines(plan)).toEqual([
      `app-b PROD container ${COUNT} -1`,
      'app-b PROD container cpu -2',
      'app-b PROD container memory -4',
      `app-c UAT container ${COUNT} 1`,
      'app-c UAT container cpu 2',
      'app-c UAT container memory 4',
    ]);
  });

  it('closes and reopens an attachment whose weight changed; the inventory nets to nothing', () => {
    const before = stored({ attached_count: 1 });
    const old = open({ app_id: 'app-a', env: 'PROD', weight: 70 });
    const plan = planUpsert([item({}, before, [target('app-a', 'PROD', 30)])], new Map([['r-1', [old]]]), ctx());
    expect(plan.closes).toEqual([old]);
    expect(plan.opens.map((a) => [a.app_id, a.env, a.weight])).toEqual([['app-a', 'PROD', 30]]);
    expect(plan.updates.map((u) => [u.after.version, u.after.attached_count])).toEqual([[4, 1]]);
    expect(deltaLines(plan)).toEqual([]);
  });

  it('with an empty attach list detaches everything', () => {
    const before = stored({ attached_count: 2 });
    const a = open({ app_id: 'app-a', env: 'PROD' });
    const b = open({ app_id: 'app-b', env: 'FAT' });
    const plan = planUpsert([item({}, before, [])], new Map([['r-1', [a, b]]]), ctx());
    expect(plan.closes).toEqual([a, b]);
    expect(plan.opens).toEqual([]);
    expect(plan.updates[0]?.after).toMatchObject({ attached_count: 0, last_attachment_change_at: NOW, version: 4 });
  });

  it('is unchanged when the targets equal the open attachments (no version, no change time)', () => {
    const before = stored({ attached_count: 1, last_attachment_change_at: BEFORE });
    const a = open({ app_id: 'app-a', env: 'PROD', weight: 2 });
    const plan = planUpsert([item({}, before, [target('app-a', 'PROD', 2)])], new Map([['r-1', [a]]]), ctx());
    expect({ unchanged: plan.unchanged, updates: plan.updates, opens: plan.opens, closes: plan.closes }).toEqual({
      unchanged: 1,
      updates: [],
      opens: [],
      closes: [],
    });
    expect(deltaLines(plan)).toEqual([]);
  });
});

describe('planUpsert: inventory delta', () => {
  it('moves the inventory of every app a resource stays attached to when its capacity changes', () => {
    const before = stored({ attached_count: 2 });
    const current = new Map([['r-1', [open({ app_id: 'app-a', env: 'PROD' }), open({ app_id: 'app-b', env: 'FAT' })]]]);
    const plan = planUpsert([item({ capacity: { cpu: 3, memory: 4 } }, before)], current, ctx());
    expect(deltaLines(plan)).toEqual(['app-a PROD container cpu 1', 'app-b FAT container cpu 1']);
  });

  it('subtracts a dimension the new capacity drops and adds one it gains', () => {
    const before = stored({ attached_count: 1, capacity: { cpu: 2 } });
    const current = new Map([['r-1', [open({ app_id: 'app-a', env: 'PROD' })]]]);
    const plan = planUpsert([item({ capacity: { memory: 8 } }, before)], current, ctx());
    expect(deltaLines(plan)).toEqual(['app-a PROD container cpu -2', 'app-a PROD container memory 8']);
  });

  it('closes with the old capacity and opens with the new one when both change in one item', () => {
    const before = stored({ attached_count: 1, capacity: { cpu: 2 } });
    const current = new Map([['r-1', [open({ app_id: 'app-a', env: 'PROD' })]]]);
    const plan = planUpsert([item({ capacity: { cpu: 5 } }, before, [target('app-b', 'PROD')])], current, ctx());
    expect(deltaLines(plan)).toEqual([
      `app-a PROD container ${COUNT} -1`,
      'app-a PROD container cpu -2',
      `app-b PROD container ${COUNT} 1`,
      'app-b PROD container cpu 5',
    ]);
  });

  it('moves a kept attachment by the capacity change only, not its count', () => {
    const before = stored({ attached_count: 1, capacity: { cpu: 2 } });
    const current = new Map([['r-1', [open({ app_id: 'app-a', env: 'PROD' })]]]);
    const plan = planUpsert([item({ capacity: { cpu: 1 } }, before, [target('app-a', 'PROD')])], current, ctx());
    expect(deltaLines(plan)).toEqual(['app-a PROD container cpu -1']);
  });

  it('adds nothing for unattached resources, whatever their capacity does', () => {
    const plan = planUpsert(
      [item({ capacity: { cpu: 64 } }, stored()), item({ externalId: 'pod-2', capacity: { cpu: 1 } })],
      new Map(),
      ctx(),
    );
    expect(deltaLines(plan)).toEqual([]);
  });

  it('sums the deltas of several resources on the same app, environment and type', () => {
    const plan = planUpsert(
      [
        item({ externalId: 'x', capacity: { cpu: 1 } }, undefined, [target('app-a', 'PROD')]),
        item({ externalId: 'y', capacity: { cpu: 2, memory: 1 } }, undefined, [target('app-a', 'PROD')]),
      ],
      new Map(),
      ctx(),
    );
    expect(deltaLines(plan)).toEqual([`app-a PROD container ${COUNT} 2`, 'app-a PROD container cpu 3', 'app-a PROD container memory 1']);
  });
});
