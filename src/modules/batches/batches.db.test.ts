import { describe, expect, it } from 'vitest';
import {
  attachmentHistory,
  inventoryRows,
  type ResourceStateSnapshot,
  recomputedInventory,
  resourceState,
  seedResources,
} from '../../../test/batch-helpers.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type ResourceWorld, resourceWorld, snapshotTables } from '../../../test/resource-helpers.ts';
import { refusal } from '../../../test/tree-helpers.ts';
import { readJson } from '../../db/dialect.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { AttachmentState, BatchChange, BatchRequest, BatchResult, ResourceState } from './batches.types.ts';

/** Every table, audit log and outbox included. */
const ALL: string[] = [];

const api = (appid: string, env: string, weight = 1): AttachmentState => ({ appid, env, weight });

/** One request per action, over the seeded world (see `seedResources`), run by an admin. */
const CASES: Array<{ name: string; request: BatchRequest; changes: BatchChange[] }> = [
  {
    name: 'create',
    request: {
      scope: 'pay.checkout',
      action: 'create',
      params: {
        items: [
          { type: 'mysql', externalId: 'n1', capacity: { storage: 20 }, labels: { tier: 'gold' }, appid: 'pay.checkout.api', env: 'PROD' },
          { type: 'container', externalId: 'n2', capacity: { cpu: 1 }, appid: 'pay.checkout.web', env: 'PRE', weight: 2 },
          { type: 'mysql', externalId: 'gone', appid: 'pay.checkout.web', env: 'UAT' },
        ],
      },
    },
    changes: [
      {
        resource: 'mysql/n1',
        op: 'create',
        before: null,
        after: { name: 'n1', capacity: { storage: 20 }, attributes: {}, labels: { tier: 'gold' } },
      },
      { resource: 'mysql/n1', op: 'attach', before: null, after: api('pay.checkout.api', 'PROD') },
      { resource: 'container/n2', op: 'create', before: null, after: { name: 'n2', capacity: { cpu: 1 }, attributes: {}, labels: {} } },
      { resource: 'container/n2', op: 'attach', before: null, after: api('pay.checkout.web', 'PRE', 2) },
      {
        resource: 'mysql/gone',
        op: 'create',
        before: { name: 'old one', capacity: { storage: 5 }, attributes: {}, labels: { tier: 'bronze' } },
        after: { name: 'gone', capacity: {}, attributes: {}, labels: {} },
      },
      { resource: 'mysql/gone', op: 'attach', before: null, after: api('pay.checkout.web', 'UAT') },
    ],
  },
  {
    name: 'delete',
    request: { scope: 'pay.checkout', filter: { type: 'mysql' }, action: 'delete' },
    changes: [
      { resource: 'mysql/m1', op: 'detach', before: api('pay.checkout.api', 'PROD'), after: null },
      {
        resource: 'mysql/m1',
        op: 'delete',
        before: { name: 'm1', capacity: { storage: 100 }, attributes: { engine: '8.0' }, labels: { tier: 'gold' } },
        after: null,
      },
      // A deleted resource is detached from everything, also from apps outside the scope.
      { resource: 'mysql/m2', op: 'detach', before: api('pay.checkout.web', 'PROD'), after: null },
      { resource: 'mysql/m2', op: 'detach', before: api('pay.refund.core', 'PROD', 3), after: null },
      { resource: 'mysql/m2', op: 'delete', before: { name: 'm2', capacity: { storage: 50 }, attributes: {}, labels: {} }, after: null },
    ],
  },
  {
    name: 'configure',
    request: {
      scope: 'pay',
      filter: { labels: { tier: 'gold' } },
      action: 'configure',
      params: { setLabels: { owner: 'dba' }, removeLabels: ['tier'], setAttributes: { backup: true }, removeAttributes: ['engine'] },
    },
    changes: [
      {
        resource: 'mysql/m1',
        op: 'configure',
        before: { name: 'm1', capacity: { storage: 100 }, attributes: { engine: '8.0' }, labels: { tier: 'gold' } },
        after: { name: 'm1', capacity: { storage: 100 }, attributes: { backup: true }, labels: { owner: 'dba' } },
      },
      {
        resource: 'container/c1',
        op: 'configure',
        before: { name: 'c1', capacity: { cpu: 2, memory: 4 }, attributes: {}, labels: { tier: 'gold' } },
        after: { name: 'c1', capacity: { cpu: 2, memory: 4 }, attributes: { backup: true }, labels: { owner: 'dba' } },
      },
    ],
  },
  {
    name: 'migrate',
    request: { scope: 'pay.checkout', filter: { env: 'PROD' }, action: 'migrate', params: { toAppid: 'pay.refund.core', toEnv: 'PRE' } },
    changes: [
      { resource: 'mysql/m1', op: 'migrate', before: api('pay.checkout.api', 'PROD'), after: api('pay.refund.core', 'PRE') },
      // Only the attachment under the scope moves; m2's attachment to pay.refund.core PROD stays.
      { resource: 'mysql/m2', op: 'migrate', before: api('pay.checkout.web', 'PROD'), after: api('pay.refund.core', 'PRE') },
      { resource: 'container/c1', op: 'migrate', before: api('pay.checkout.api', 'PROD'), after: api('pay.refund.core', 'PRE') },
    ],
  },
];

/** What a change list claims, as resources (fields + status) and open attachments. */
type Model = { resources: Map<string, ResourceState & { status: string }>; attachments: string[] };

function model(s: ResourceStateSnapshot): Model {
  return {
    resources: new Map(
      s.resources.map((r) => [
        r.key as string,
        {
          name: r.name as string,
          capacity: r.capacity as ResourceState['capacity'],
          attributes: r.attributes as ResourceState['attributes'],
          labels: r.labels as ResourceState['labels'],
          status: r.status as string,
        },
      ]),
    ),
    attachments: s.attachments.map(([key, appid, env, weight]) => [key, appid, env, weight].join(' ')).sort(),
  };
}

/** Applies a change list to a model of the state, the way the list says the batch changes it. */
function applyToModel(m: Model, changes: BatchChange[]): Model {
  const resources = new Map(m.resources);
  const attachments = [...m.attachments];
  const slot = (key: string, a: AttachmentState) => [key, a.appid, a.env, String(a.weight)].join(' ');
  const remove = (s: string) => {
    const i = attachments.indexOf(s);
    expect(i, `the change list detaches ${s}, which is not attached`).toBeGreaterThanOrEqual(0);
    attachments.splice(i, 1);
  };
  for (const c of changes) {
    if (c.op === 'create' || c.op === 'configure') resources.set(c.resource, { ...(c.after as ResourceState), status: 'active' });
    if (c.op === 'delete') resources.set(c.resource, { ...(c.before as ResourceState), status: 'deleted' });
    if (c.op === 'detach' || c.op === 'migrate') remove(slot(c.resource, c.before as AttachmentState));
    if (c.op === 'attach' || c.op === 'migrate') attachments.push(slot(c.resource, c.after as AttachmentState));
  }
  return { resources, attachments: attachments.sort() };
}

describeEachDialect('batch operations', (db) => {
  async function world(): Promise<ResourceWorld> {
    const w = await resourceWorld(db());
    await seedResources(w);
    return w;
  }
  const admin = (w: ResourceWorld) => w.f.ctx;
  const run = (w: ResourceWorld, request: BatchRequest, ctx: RequestContext = admin(w)) => w.f.s.batches.run(ctx, request);
  const applied = async (w: ResourceWorld, request: BatchRequest, ctx?: RequestContext): Promise<BatchResult & { id: string }> => {
    const r = await run(w, request, ctx);
    if (r.id === null) throw new Error('expected an applied batch');
    return { ...r, id: r.id };
  };
  const user: RequestContext = {
    principal: { kind: 'user', id: 'u1', name: 'nobody', isAdmin: false, teams: [] },
    requestId: null,
  };

  describe('dry run and apply', () => {
    it.each(CASES)('a dry run of $name lists exactly what applying then does, and writes nothing', async ({ request, changes }) => {
      const w = await world();
      const tables = await snapshotTables(w.handle, ALL);
      const before = await resourceState(w.handle);

      const dry = await run(w, { ...request, dryRun: true });
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
      expect(dry).toMatchObject({ id: null, dryRun: true, action: request.action, scope: request.scope });
      expect(dry.changes).toEqual(changes);

      const done = await applied(w, request);
      expect(done.dryRun).toBe(false);
      expect(done.changes).toEqual(dry.changes);
      expect(done.summary).toEqual(dry.summary);
      // The list is the whole truth: applied to the state before, it gives the state after.
      expect(model(await resourceState(w.handle))).toEqual(applyToModel(model(before), done.changes));
      expect((await w.f.s.batches.get(admin(w), done.id)).changes).toEqual(done.changes);
      expect(await inventoryRows(w.handle)).toEqual(await recomputedInventory(w.handle));
    });

    it('counts the changes by op, and the resources matched and changed', async () => {
      const w = await world();
      const migrate = CASES.find((c) => c.name === 'migrate')?.request as BatchRequest;
      expect((await run(w, { ...migrate, dryRun: true })).summary).toEqual({
        matched: 3,
        resources: 3,
        create: 0,
        delete: 0,
        configure: 0,
        detach: 0,
        attach: 0,
        migrate: 3,
      });
    });

    it('leaves out matched resources a configure does not change, and does not touch their version', async () => {
      const w = await world();
      const m3 = await w.f.s.resources.get(admin(w), 'mysql', 'm3');
      const r = await applied(w, { scope: 'ops', action: 'configure', params: { removeLabels: ['tier'] } });
      expect(r.changes).toEqual([]);
      expect(r.summary).toMatchObject({ matched: 1, resources: 0 });
      expect((await w.f.s.resources.get(admin(w), 'mysql', 'm3')).version).toBe(m3.version);
    });

    it('migrates every attachment under the scope to the target app, each keeping its environment and weight', async () => {
      const w = await world();
      const r = await applied(w, { scope: 'pay.refund', action: 'migrate', params: { toAppid: 'ops.infra.agent' } });
      expect(r.changes).toEqual([
        { resource: 'mysql/m2', op: 'migrate', before: api('pay.refund.core', 'PROD', 3), after: api('ops.infra.agent', 'PROD', 3) },
      ]);
      const m2 = await w.f.s.resources.get(admin(w), 'mysql', 'm2');
      expect(m2.attachments.map((a) => [a.appid, a.env, a.weight])).toEqual([
        ['pay.checkout.web', 'PROD', 1],
        ['ops.infra.agent', 'PROD', 3],
      ]);
    });

    it('keeps history on migrate: the old interval closes and the new one opens at the same instant', async () => {
      const w = await world();
      const now = w.clock.now().toISOString();
      await applied(w, {
        scope: 'pay.checkout.api',
        filter: { type: 'mysql' },
        action: 'migrate',
        params: { toAppid: 'pay.checkout.web' },
      });
      const history = await w.f.s.resources.history(admin(w), 'mysql', 'm1');
      expect(history.attachments.map((a) => [a.appid, a.env, a.attachedAt, a.detachedAt])).toEqual([
        ['pay.checkout.api', 'PROD', '2026-11-26T09:00:00.000Z', now],
        ['pay.checkout.web', 'PROD', now, null],
      ]);
    });

    it('creates under an app scope without naming the app in each item', async () => {
      const w = await world();
      const r = await applied(w, {
        scope: 'ops.infra.agent',
        action: 'create',
        params: { items: [{ type: 'redis', externalId: 'x', env: 'PROD' }] },
      });
      expect(r.changes.map((c) => [c.resource, c.op])).toEqual([
        ['redis/x', 'create'],
        ['redis/x', 'attach'],
      ]);
      expect((await w.f.s.resources.get(admin(w), 'redis', 'x')).attachments[0]).toMatchObject({ appid: 'ops.infra.agent', env: 'PROD' });
    });
  });

  describe('atomicity', () => {
    it('refuses a create with an already registered resource among good items, naming it, and writes nothing', async () => {
      const w = await world();
      const tables = await snapshotTables(w.handle, ALL);
      const items = [
        { type: 'mysql', externalId: 'ok', appid: 'pay.checkout.api', env: 'PROD' },
        { type: 'mysql', externalId: 'm1', appid: 'pay.checkout.api', env: 'PROD' },
      ];
      expect(await refusal(run(w, { scope: 'pay', action: 'create', params: { items } }))).toEqual({
        status: 409,
        code: 'resource_exists',
        details: {
          resource: 'mysql/m1',
          index: 1,
          failed: 1,
          failures: [{ code: 'resource_exists', message: expect.stringContaining('mysql/m1'), resource: 'mysql/m1', index: 1 }],
        },
      });
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
    });

    it('refuses a create whose target app lies outside the scope, and lists every failing item', async () => {
      const w = await world();
      const tables = await snapshotTables(w.handle, ALL);
      const items = [
        { type: 'mysql', externalId: 'a', appid: 'pay.checkout.api', env: 'PROD' },
        { type: 'mysql', externalId: 'b', appid: 'pay.refund.core', env: 'PROD' },
        { type: 'mysql', externalId: 'c', appid: 'pay.checkout.nope', env: 'PROD' },
        { type: 'mysql', externalId: 'd', appid: 'pay.checkout.api', env: 'NOPE' },
        { type: 'mysql', externalId: 'a', appid: 'pay.checkout.api', env: 'PROD' },
      ];
      const e = await refusal(run(w, { scope: 'pay.checkout', action: 'create', params: { items } }));
      expect(e).toMatchObject({
        status: 400,
        code: 'app_outside_scope',
        details: { resource: 'mysql/b', index: 1, field: 'params.items.1.appid' },
      });
      expect((e.details as { failures: Array<{ code: string; index: number }> }).failures.map((f) => [f.index, f.code])).toEqual([
        [1, 'app_outside_scope'],
        [2, 'app_not_found'],
        [3, 'unknown_environment'],
        [4, 'duplicate_item'],
      ]);
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
    });

    it('refuses a migrate that would attach a resource twice to the same app and environment, and writes nothing', async () => {
      const w = await world();
      const tables = await snapshotTables(w.handle, ALL);
      // m2 is attached to pay.checkout.web PROD and pay.refund.core PROD: both are under `pay`.
      expect(
        await refusal(run(w, { scope: 'pay', filter: { type: 'mysql' }, action: 'migrate', params: { toAppid: 'ops.infra.agent' } })),
      ).toMatchObject({
        status: 409,
        code: 'already_attached',
        details: { resource: 'mysql/m2' },
      });
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
    });

    it('rolls everything back when the last write of the batch fails', async () => {
      const w = await world();
      const tables = await snapshotTables(w.handle, ALL);
      const changes = w.f.s.deps.changes;
      const record = changes.record.bind(changes);
      // The batch's own audit row is written last: resources, attachments, inventory, the per-resource
      // audit rows and the batch row are all in place by then, and must all roll back.
      changes.record = async () => {
        throw new Error('disk full');
      };
      try {
        await expect(run(w, { scope: 'pay.checkout', filter: { type: 'mysql' }, action: 'delete' })).rejects.toThrow('disk full');
      } finally {
        changes.record = record;
      }
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
    });

    it('writes one audit row per changed resource, all carrying the batch id, and one batch.applied event', async () => {
      const w = await world();
      const auditBefore = (await w.handle.db.selectFrom('audit_log').select('id').execute()).length;
      const eventsBefore = (await w.handle.db.selectFrom('outbox_events').select('id').execute()).length;
      const r = await applied(w, CASES[1]?.request as BatchRequest);
      const audit = (await w.handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).slice(auditBefore);
      const events = (await w.handle.db.selectFrom('outbox_events').selectAll().orderBy('id').execute()).slice(eventsBefore);
      expect(audit.map((a) => [a.entity_type, a.action, a.entity_key, a.batch_id])).toEqual([
        ['resource', 'deleted', 'mysql/m1', r.id],
        ['resource', 'deleted', 'mysql/m2', r.id],
        ['batch', 'applied', 'delete pay.checkout', r.id],
      ]);
      expect(events.map((e) => [e.type, e.entity_id])).toEqual([['batch.applied', r.id]]);
      expect(readJson<{ after: unknown }>(events[0]?.payload).after).toMatchObject({
        action: 'delete',
        scope: 'pay.checkout',
        resources: ['mysql/m1', 'mysql/m2'],
        summary: r.summary,
      });
    });

    it('stamps the attachments a batch opens with its id', async () => {
      const w = await world();
      const r = await applied(w, CASES[3]?.request as BatchRequest);
      const opened = await w.handle.db.selectFrom('attachments').select('id').where('batch_id', '=', r.id).execute();
      expect(opened).toHaveLength(3);
    });
  });

  describe('revert', () => {
    it.each(CASES)('reverting a $name batch restores the exact prior state and appends to history', async ({ request }) => {
      const w = await world();
      const before = await resourceState(w.handle);
      const historyBefore = await attachmentHistory(w.handle);
      const done = await applied(w, request);
      w.clock.advance(60_000);

      const dry = await w.f.s.batches.revert(admin(w), done.id, { dryRun: true });
      const reverted = await w.f.s.batches.revert(admin(w), done.id);
      expect(reverted.changes).toEqual(dry.changes);
      expect(reverted).toMatchObject({ dryRun: false, action: 'revert', scope: request.scope });

      const created = new Set(done.changes.filter((c) => c.op === 'create' && c.before === null).map((c) => c.resource));
      expect(await resourceState(w.handle, created)).toEqual(before);
      for (const key of created) {
        const [type = '', ext = ''] = key.split('/');
        expect(await w.f.s.resources.get(admin(w), type, ext)).toMatchObject({ status: 'deleted', attachments: [] });
      }
      // History is append-only: every earlier row is still there; at most its open interval got closed.
      const historyAfter = new Map((await attachmentHistory(w.handle)).map((r) => [r[0], r]));
      for (const row of historyBefore) {
        const now = historyAfter.get(row[0]);
        expect(now?.slice(0, 6)).toEqual(row.slice(0, 6));
        if (row[6] !== '') expect(now?.[6]).toBe(row[6]);
      }
      const opened = [...done.changes, ...reverted.changes].filter((c) => c.op === 'attach' || c.op === 'migrate').length;
      expect(historyAfter.size).toBe(historyBefore.length + opened);
      expect(await inventoryRows(w.handle)).toEqual(await recomputedInventory(w.handle));
      expect(await w.f.s.batches.get(admin(w), done.id)).toMatchObject({
        status: 'reverted',
        revertedBy: 'system',
        revertedAt: w.clock.now().toISOString(),
        revertedIn: reverted.id,
      });
      expect(await w.f.s.batches.get(admin(w), reverted.id as string)).toMatchObject({
        action: 'revert',
        reverts: done.id,
        changes: reverted.changes,
      });
    });

    it('restores a deleted resource with its attributes, labels and capacity, re-attached with its weights', async () => {
      const w = await world();
      const m2 = await w.f.s.resources.get(admin(w), 'mysql', 'm2');
      const done = await applied(w, CASES[1]?.request as BatchRequest);
      const r = await w.f.s.batches.revert(admin(w), done.id);
      expect(r.changes.filter((c) => c.resource === 'mysql/m2')).toEqual([
        {
          resource: 'mysql/m2',
          op: 'create',
          before: { name: 'm2', capacity: { storage: 50 }, attributes: {}, labels: {} },
          after: { name: 'm2', capacity: { storage: 50 }, attributes: {}, labels: {} },
        },
        { resource: 'mysql/m2', op: 'attach', before: null, after: api('pay.checkout.web', 'PROD') },
        { resource: 'mysql/m2', op: 'attach', before: null, after: api('pay.refund.core', 'PROD', 3) },
      ]);
      const back = await w.f.s.resources.get(admin(w), 'mysql', 'm2');
      expect({ ...back, version: 0, updatedAt: '', attachments: back.attachments.map((a) => [a.appid, a.env, a.weight]) }).toEqual({
        ...m2,
        version: 0,
        updatedAt: '',
        attachments: m2.attachments.map((a) => [a.appid, a.env, a.weight]),
      });
    });

    it('refuses with 409 batch_stale naming the resources changed since, and changes nothing', async () => {
      const w = await world();
      const done = await applied(w, CASES[2]?.request as BatchRequest);
      await w.f.s.resources.attach(w.kube.ctx, 'container', 'c1', { appid: 'pay.refund.core', env: 'PRE' });
      const tables = await snapshotTables(w.handle, ALL);
      const e = await refusal(w.f.s.batches.revert(admin(w), done.id));
      expect(e).toMatchObject({ status: 409, code: 'batch_stale', details: { resources: ['container/c1'] } });
      expect(await refusal(w.f.s.batches.revert(admin(w), done.id, { dryRun: true }))).toMatchObject({ code: 'batch_stale' });
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
      expect((await w.f.s.batches.get(admin(w), done.id)).status).toBe('applied');
    });

    it('reverts although resources the batch did not touch changed since', async () => {
      const w = await world();
      const done = await applied(w, CASES[2]?.request as BatchRequest);
      await w.f.s.resources.detach(w.dba.ctx, 'redis', 'r1', {});
      const r = await w.f.s.batches.revert(admin(w), done.id);
      expect(r.summary).toMatchObject({ configure: 2 });
    });

    it('refuses a second revert with 409 batch_already_reverted and changes nothing', async () => {
      const w = await world();
      const done = await applied(w, CASES[3]?.request as BatchRequest);
      const first = await w.f.s.batches.revert(admin(w), done.id);
      const tables = await snapshotTables(w.handle, ALL);
      expect(await refusal(w.f.s.batches.revert(admin(w), done.id))).toMatchObject({ status: 409, code: 'batch_already_reverted' });
      expect(await refusal(w.f.s.batches.revert(admin(w), first.id as string))).toMatchObject({
        status: 409,
        code: 'batch_not_revertible',
      });
      expect(await snapshotTables(w.handle, ALL)).toEqual(tables);
    });

    it('audits the revert under its own batch id with one batch.reverted event', async () => {
      const w = await world();
      const done = await applied(w, CASES[2]?.request as BatchRequest);
      const auditBefore = (await w.handle.db.selectFrom('audit_log').select('id').execute()).length;
      const r = await w.f.s.batches.revert(admin(w), done.id);
      const audit = (await w.handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).slice(auditBefore);
      expect(audit.map((a) => [a.entity_type, a.action, a.entity_id, a.batch_id])).toEqual([
        ['resource', 'configured', expect.any(String), r.id],
        ['resource', 'configured', expect.any(String), r.id],
        ['batch', 'reverted', done.id, r.id],
      ]);
      const events = await w.handle.db
        .selectFrom('outbox_events')
        .select('type')
        .where('id', '>', audit[0]?.id ?? '')
        .execute();
      expect(events.map((e) => e.type)).toEqual(['batch.reverted']);
    });

    it('refuses when an app the resources were attached to no longer exists', async () => {
      const w = await world();
      await w.f.app({ business: 'pay.refund', name: 'temp' });
      const mk = await applied(w, {
        scope: 'pay.refund.temp',
        action: 'create',
        params: { items: [{ type: 'lb', externalId: 'tmp', env: 'PROD' }] },
      });
      expect(mk.id).toBeTruthy();
      const del = await applied(w, { scope: 'pay.refund.temp', action: 'delete' });
      await w.f.s.apps.delete(admin(w), 'pay.refund.temp');
      expect(await refusal(w.f.s.batches.revert(admin(w), del.id))).toMatchObject({
        status: 409,
        code: 'batch_stale',
        details: { resources: ['lb/tmp'] },
      });
    });
  });

  describe('tenant confinement', () => {
    it("confines a tenant's batch to its own resources; an admin's spans tenants", async () => {
      const w = await world();
      const own = await run(w, { scope: 'pay', action: 'delete', dryRun: true }, w.kube.ctx);
      expect([...new Set(own.changes.map((c) => c.resource))]).toEqual(['container/c1', 'lb/l1']);
      const all = await run(w, { scope: 'pay', action: 'delete', dryRun: true });
      expect([...new Set(all.changes.map((c) => c.resource))]).toEqual(['mysql/m1', 'mysql/m2', 'redis/r1', 'container/c1', 'lb/l1']);
    });

    it("matches nothing when a tenant filters on another tenant or another tenant's type", async () => {
      const w = await world();
      for (const filter of [{ tenant: 'dba' }, { type: 'mysql' }]) {
        const r = await applied(w, { scope: 'pay', filter, action: 'configure', params: { setLabels: { x: 'y' } } }, w.kube.ctx);
        expect(r.summary).toMatchObject({ matched: 0, resources: 0 });
      }
      expect((await w.f.s.resources.get(admin(w), 'mysql', 'm1')).labels).toEqual({ tier: 'gold' });
    });

    it("refuses a tenant's create naming another tenant's type with 403 resource_not_owned, audited, nothing else written", async () => {
      const w = await world();
      const tables = await snapshotTables(w.handle);
      const items = [
        { type: 'container', externalId: 'fine', appid: 'pay.checkout.api', env: 'PROD' },
        { type: 'mysql', externalId: 'theirs', appid: 'pay.checkout.api', env: 'PROD' },
      ];
      expect(await refusal(run(w, { scope: 'pay', action: 'create', params: { items } }, w.kube.ctx))).toEqual({
        status: 403,
        code: 'resource_not_owned',
        details: { index: 1, resource: 'mysql/theirs', resources: ['mysql/theirs'] },
      });
      expect(await snapshotTables(w.handle)).toEqual(tables);
      const last = await w.handle.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect([last.actor, last.action, last.entity_type, last.entity_key, last.batch_id]).toEqual([
        'tenant:kube',
        'refused',
        'resource',
        'mysql/theirs',
        null,
      ]);
    });

    it('refuses users who are not admins with 403 not_permitted', async () => {
      const w = await world();
      expect(await refusal(run(w, { scope: 'pay', action: 'delete', dryRun: true }, user))).toMatchObject({
        status: 403,
        code: 'not_permitted',
      });
      expect(await refusal(w.f.s.batches.list(user, { limit: 10 }))).toMatchObject({ status: 403, code: 'not_permitted' });
    });

    it("hides a tenant's batches from other tenants, which can neither read nor revert them", async () => {
      const w = await world();
      const mine = await applied(w, { scope: 'pay', action: 'configure', params: { setLabels: { by: 'kube' } } }, w.kube.ctx);
      const theirs = await applied(w, { scope: 'pay', action: 'configure', params: { setLabels: { by: 'dba' } } }, w.dba.ctx);
      expect(await refusal(w.f.s.batches.get(w.dba.ctx, mine.id))).toMatchObject({ status: 404, code: 'batch_not_found' });
      expect(await refusal(w.f.s.batches.revert(w.dba.ctx, mine.id))).toMatchObject({ status: 404, code: 'batch_not_found' });
      expect((await w.f.s.batches.list(w.dba.ctx, { limit: 10 })).items.map((b) => b.id)).toEqual([theirs.id]);
      expect((await w.f.s.batches.list(admin(w), { limit: 10 })).items.map((b) => [b.id, b.tenant])).toEqual([
        [theirs.id, 'dba'],
        [mine.id, 'kube'],
      ]);
      // An admin may revert a tenant's batch; the revert stays with that tenant.
      const r = await w.f.s.batches.revert(admin(w), mine.id);
      expect((await w.f.s.batches.get(w.kube.ctx, r.id as string)).reverts).toBe(mine.id);
    });
  });

  describe('reading batches', () => {
    it('pages batches newest first with a cursor', async () => {
      const w = await world();
      const ids: string[] = [];
      for (const v of ['a', 'b', 'c']) {
        ids.push((await applied(w, { scope: 'ops', action: 'configure', params: { setLabels: { v } } })).id);
      }
      const first = await w.f.s.batches.list(admin(w), { limit: 2 });
      expect(first.items.map((b) => b.id)).toEqual([ids[2], ids[1]]);
      const second = await w.f.s.batches.list(admin(w), { limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second).toEqual({
        items: [expect.objectContaining({ id: ids[0], action: 'configure', scope: 'ops', status: 'applied' })],
        nextCursor: null,
      });
    });
  });
});
