import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import {
  at,
  attachmentRows,
  auditRows,
  MINUTE,
  type ResourceWorld,
  resourceWorld,
  snapshotTables,
  T0,
} from '../../../test/resource-helpers.ts';
import { expectOneChange, refusal } from '../../../test/tree-helpers.ts';
import { systemContext } from '../auth/principal.ts';
import { COUNT } from './inventory.repository.ts';
import { parseResourceKey } from './resources.service.ts';

const API = 'pay.checkout.api';
const WEB = 'pay.checkout.web';
const AGENT = 'ops.infra.agent';

/** A hang (not an error) is the failure mode of the cold-cache bug on SQLite; fail fast instead of at 20 s. */
const HANG_TIMEOUT = 5_000;

describe('parseResourceKey', () => {
  it('splits a key at its first slash, so external ids may hold slashes', () => {
    expect(parseResourceKey('container/ns/pod-1')).toEqual({ type: 'container', externalId: 'ns/pod-1' });
    expect(parseResourceKey('mysql/db-1')).toEqual({ type: 'mysql', externalId: 'db-1' });
  });

  it('rejects a key without a type or an external id', () => {
    expect([parseResourceKey('mysql'), parseResourceKey('/db-1'), parseResourceKey('mysql/')]).toEqual([undefined, undefined, undefined]);
  });
});

describeEachDialect('resources service', (db, dialect) => {
  const setup = (): Promise<ResourceWorld> => resourceWorld(db());

  /** The stored row of a resource, as the columns the service maintains. */
  async function row(w: ResourceWorld, type: string, externalId: string) {
    const r = await w.handle.db
      .selectFrom('resources')
      .select(['status', 'version', 'attached_count', 'last_attachment_change_at', 'updated_at', 'deleted_at'])
      .where('type', '=', type)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    return { ...r, version: Number(r.version), attached_count: Number(r.attached_count) };
  }

  /** The inventory roll-up as sorted `appid env type dimension total` lines, zero totals left out. */
  async function inventoryLines(w: ResourceWorld): Promise<string[]> {
    const rows = await w.handle.db
      .selectFrom('inventory')
      .innerJoin('apps', 'apps.id', 'inventory.app_id')
      .select(['apps.appid', 'inventory.env', 'inventory.type', 'inventory.dimension', 'inventory.total'])
      .execute();
    return rows
      .filter((r) => Number(r.total) !== 0)
      .map((r) => `${r.appid} ${r.env} ${r.type} ${r.dimension} ${Number(r.total)}`)
      .sort();
  }

  describe('the resource-type cache', () => {
    it(
      'attaches right after another tenant was created (the type cache is cold inside the transaction)',
      async () => {
        const w = await setup();
        await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'container', externalId: 'pod-1' }]);
        await w.f.s.tenants.create(systemContext, { name: 'cache' });
        const view = await w.f.s.resources.attach(w.kube.ctx, 'container', 'pod-1', { appid: API, env: 'PROD' });
        expect(view.attachments.map((a) => a.appid)).toEqual([API]);
      },
      HANG_TIMEOUT,
    );

    it(
      'detaches and deletes right after a resource type was created (the type cache is cold inside the transaction)',
      async () => {
        const w = await setup();
        await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'container', externalId: 'pod-1', attach: [{ appid: API, env: 'PROD' }] }]);
        await w.f.s.tenants.createType(systemContext, { name: 'gpu', tenant: 'kube' });
        const view = await w.f.s.resources.detach(w.kube.ctx, 'container', 'pod-1', {});
        expect(view.attachments).toEqual([]);
        await w.f.s.tenants.createType(systemContext, { name: 'volume', tenant: 'kube' });
        await w.f.s.resources.delete(w.kube.ctx, 'container', 'pod-1');
        expect((await row(w, 'container', 'pod-1')).status).toBe('deleted');
      },
      HANG_TIMEOUT,
    );
  });

  describe('what a change writes', () => {
    it('audits an attach, a detach and a delete with one row and one event each', async () => {
      const w = await setup();
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'container', externalId: 'pod-1' }]);
      const db = w.handle.db;
      const attached = await expectOneChange(db, 'resource.attached', () =>
        w.f.s.resources.attach(w.kube.ctx, 'container', 'pod-1', { appid: API, env: 'PROD' }),
      );
      expect([attached.audit.actor, attached.audit.entityKey]).toEqual(['tenant:kube', 'container/pod-1']);
      const detached = await expectOneChange(db, 'resource.detached', () => w.f.s.resources.detach(w.kube.ctx, 'container', 'pod-1', {}));
      expect(detached.audit.entityId).toBe(attached.audit.entityId);
      const deleted = await expectOneChange(db, 'resource.deleted', () => w.f.s.resources.delete(systemContext, 'container', 'pod-1'));
      expect(deleted.audit.actor).toBe('system');
    });

    it('keeps version, attached_count and the last attachment change in step on the resource row', async () => {
      const w = await setup();
      const r = w.f.s.resources;
      await r.upsert(w.kube.ctx, [{ type: 'container', externalId: 'pod-1' }]);
      expect(await row(w, 'container', 'pod-1')).toEqual({
        status: 'active',
        version: 1,
        attached_count: 0,
        last_attachment_change_at: null,
        updated_at: T0,
        deleted_at: null,
      });
      w.clock.advance(10 * MINUTE);
      await r.attach(w.kube.ctx, 'container', 'pod-1', { appid: API, env: 'PROD', at: at(2 * MINUTE) });
      await r.attach(w.kube.ctx, 'container', 'pod-1', { appid: WEB, env: 'FAT' });
      expect(await row(w, 'container', 'pod-1')).toMatchObject({
        version: 3,
        attached_count: 2,
        last_attachment_change_at: at(10 * MINUTE),
      });
      w.clock.advance(MINUTE);
      await r.upsert(w.kube.ctx, [{ type: 'container', externalId: 'pod-1', attach: [{ appid: AGENT, env: 'PROD' }] }]);
      expect(await row(w, 'container', 'pod-1')).toMatchObject({
        version: 4,
        attached_count: 1,
        last_attachment_change_at: at(11 * MINUTE),
        updated_at: at(11 * MINUTE),
      });
      w.clock.advance(MINUTE);
      await r.delete(w.kube.ctx, 'container', 'pod-1');
      expect(await row(w, 'container', 'pod-1')).toEqual({
        status: 'deleted',
        version: 5,
        attached_count: 0,
        last_attachment_change_at: at(12 * MINUTE),
        updated_at: at(12 * MINUTE),
        deleted_at: at(12 * MINUTE),
      });
    });

    it('marks the attachments a bulk upsert opened with its import id, and those of a single attach with none', async () => {
      const w = await setup();
      const result = await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1', attach: [{ appid: API, env: 'PROD' }] }]);
      await w.f.s.resources.attach(w.kube.ctx, 'lb', 'lb-1', { appid: WEB, env: 'PROD' });
      const rows = await w.handle.db.selectFrom('attachments').select(['env', 'batch_id', 'app_id']).orderBy('id').execute();
      expect(rows.map((r) => r.batch_id)).toEqual([result.importId, null]);
    });

    it('rewrites the label index of a resource when its labels change, and only then', async () => {
      const w = await setup();
      const labels = async () =>
        (await w.handle.db.selectFrom('resource_labels').select(['key', 'value']).orderBy('key').execute()).map(
          (r) => `${r.key}=${r.value}`,
        );
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1', labels: { team: 'core', tier: 'edge' } }]);
      expect(await labels()).toEqual(['team=core', 'tier=edge']);
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1', labels: { tier: 'inner' } }]);
      expect(await labels()).toEqual(['tier=inner']);
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1', name: 'renamed' }]);
      expect(await labels()).toEqual(['tier=inner']);
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1', labels: {} }]);
      expect(await labels()).toEqual([]);
    });

    it('moves the inventory roll-up with every attach, capacity change, weight change, detach and delete', async () => {
      const w = await setup();
      const r = w.f.s.resources;
      await r.upsert(w.kube.ctx, [
        { type: 'container', externalId: 'pod-1', capacity: { cpu: 2, memory: 4 }, attach: [{ appid: API, env: 'PROD' }] },
      ]);
      await r.attach(w.kube.ctx, 'container', 'pod-1', { appid: WEB, env: 'PROD', weight: 2 });
      expect(await inventoryLines(w)).toEqual([
        `${API} PROD container ${COUNT} 1`,
        `${API} PROD container cpu 2`,
        `${API} PROD container memory 4`,
        `${WEB} PROD container ${COUNT} 1`,
        `${WEB} PROD container cpu 2`,
        `${WEB} PROD container memory 4`,
      ]);
      await r.upsert(w.kube.ctx, [{ type: 'container', externalId: 'pod-1', capacity: { cpu: 3 } }]);
      expect(await inventoryLines(w)).toEqual([
        `${API} PROD container ${COUNT} 1`,
        `${API} PROD container cpu 3`,
        `${WEB} PROD container ${COUNT} 1`,
        `${WEB} PROD container cpu 3`,
      ]);
      await r.upsert(w.kube.ctx, [
        {
          type: 'container',
          externalId: 'pod-1',
          attach: [
            { appid: API, env: 'PROD', weight: 5 },
            { appid: WEB, env: 'PROD', weight: 2 },
          ],
        },
      ]);
      expect(await inventoryLines(w)).toEqual([
        `${API} PROD container ${COUNT} 1`,
        `${API} PROD container cpu 3`,
        `${WEB} PROD container ${COUNT} 1`,
        `${WEB} PROD container cpu 3`,
      ]);
      await r.detach(w.kube.ctx, 'container', 'pod-1', { appid: API });
      expect(await inventoryLines(w)).toEqual([`${WEB} PROD container ${COUNT} 1`, `${WEB} PROD container cpu 3`]);
      await r.delete(w.kube.ctx, 'container', 'pod-1');
      expect(await inventoryLines(w)).toEqual([]);
    });
  });

  describe('apps that move', () => {
    it("keeps the tree position copied onto attachments in step with the app's business and domain", async () => {
      const w = await setup();
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1', attach: [{ appid: API, env: 'PROD' }] }]);
      await w.f.s.apps.move(systemContext, API, { business: 'ops.infra' });
      const positions = await w.handle.db
        .selectFrom('attachments')
        .innerJoin('apps', 'apps.id', 'attachments.app_id')
        .innerJoin('businesses', 'businesses.id', 'apps.business_id')
        .select([
          'attachments.business_id',
          'attachments.domain_id',
          'apps.business_id as app_business',
          'businesses.domain_id as app_domain',
        ])
        .execute();
      expect(positions.map((p) => [p.business_id === p.app_business, p.domain_id === p.app_domain])).toEqual([[true, true]]);
      await w.f.s.nodes.moveBusiness(systemContext, 'ops.infra', { domain: 'pay' });
      const page = await w.f.s.resourceSearch.list(systemContext, { scope: 'pay', limit: 10 });
      expect(page.items.map((r) => [r.key, r.attachments.map((a) => a.appid)])).toEqual([['lb/lb-1', ['pay.infra.api']]]);
    });
  });

  it.skipIf(dialect === 'sqlite')(
    // PostgreSQL cannot store NUL in text, which makes a write fail half-way through a call; SQLite stores it, so there is no failure to observe.
    'writes nothing of a bulk call whose writing fails half-way (one transaction per call)',
    async () => {
      const w = await setup();
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-0' }]);
      const before = await snapshotTables(w.handle, []);
      await expect(
        w.f.s.resources.upsert(w.kube.ctx, [
          { type: 'lb', externalId: 'lb-0', name: 'renamed', attach: [{ appid: API, env: 'PROD' }] },
          { type: 'lb', externalId: 'lb-1' },
          { type: 'lb', externalId: 'lb-2', name: 'bad\u0000name' },
        ]),
      ).rejects.toThrow();
      expect(await snapshotTables(w.handle, [])).toEqual(before);
    },
  );

  describe('attachment history (property)', () => {
    type Op =
      | { kind: 'attach'; app: number; env: number; weight: number; gap: number }
      | { kind: 'detach'; app: number | null; env: number | null; gap: number }
      | { kind: 'late'; app: number };
    const APPS = [API, WEB, AGENT];
    const ENVS = ['PROD', 'FAT'];
    const gap = fc.constantFrom(0, 0, 1, 1_000, 59_999, MINUTE);
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('attach' as const),
          app: fc.nat(2),
          env: fc.nat(1),
          weight: fc.integer({ min: 1, max: 100 }),
          gap,
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('detach' as const),
          app: fc.option(fc.nat(2), { nil: null }),
          env: fc.option(fc.nat(1), { nil: null }),
          gap,
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), app: fc.nat(2) }) },
    );

    interface Interval {
      appid: string;
      env: string;
      weight: number;
      attachedAt: string;
      detachedAt: string | null;
    }

    // Bounded: each run is ~10–30 service calls; 25 runs on SQLite, 8 on PostgreSQL (slower round trips) keep the test within seconds.
    const runs = dialect === 'sqlite' ? 25 : 8;

    it('answers "who held it at T" exactly like a model of intervals, at every boundary, after any attach/move/detach sequence', async () => {
      const w = await setup();
      // Explicit `at`s lie between T0 and now: the clock stands a day later.
      w.clock.set(new Date(Date.parse(T0) + 24 * 60 * MINUTE));
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
          const id = `run-${run++}`;
          await w.f.s.resources.upsert(w.dba.ctx, [{ type: 'mysql', externalId: id }]);
          const model: Interval[] = [];
          let t = Date.parse(T0) + MINUTE;
          let lastChange: number | undefined;
          const checkpoints = new Set<number>([t - 1]);
          for (const o of ops) {
            if (o.kind === 'late') {
              if (lastChange === undefined) continue;
              const e = await refusal(
                w.f.s.resources.attach(w.dba.ctx, 'mysql', id, {
                  appid: APPS[o.app] as string,
                  env: 'UAT',
                  at: new Date(lastChange - 1).toISOString(),
                }),
              );
              expect(e.code).toBe('time_before_last_change');
              continue;
            }
            t += o.gap;
            const when = new Date(t).toISOString();
            checkpoints
              .add(t - 1)
              .add(t)
              .add(t + 1);
            const open = model.filter((i) => i.detachedAt === null);
            if (o.kind === 'attach') {
              const appid = APPS[o.app] as string;
              const env = ENVS[o.env] as string;
              const call = w.f.s.resources.attach(w.dba.ctx, 'mysql', id, { appid, env, weight: o.weight, at: when });
              if (open.some((i) => i.appid === appid && i.env === env)) {
                expect((await refusal(call)).code).toBe('already_attached');
                continue;
              }
              await call;
              model.push({ appid, env, weight: o.weight, attachedAt: when, detachedAt: null });
            } else {
              const appid = o.app === null ? undefined : APPS[o.app];
              const env = o.env === null ? undefined : ENVS[o.env];
              const call = w.f.s.resources.detach(w.dba.ctx, 'mysql', id, { appid, env, at: when });
              const closing = open.filter((i) => (!appid || i.appid === appid) && (!env || i.env === env));
              if (closing.length === 0) {
                expect((await refusal(call)).code).toBe('not_attached');
                continue;
              }
              await call;
              for (const i of closing) i.detachedAt = when;
            }
            lastChange = t;
          }

          const history = await w.f.s.resources.history(w.dba.ctx, 'mysql', id);
          expect(history.attachments).toEqual(model);
          const line = (i: { appid: string; env: string; weight: number }) => `${i.appid} ${i.env} ${i.weight}`;
          for (const c of checkpoints) {
            const instant = new Date(c).toISOString();
            const held = await w.f.s.resources.holdersAt(w.dba.ctx, 'mysql', id, instant);
            const expected = model.filter((i) => i.attachedAt <= instant && (i.detachedAt === null || instant < i.detachedAt));
            expect(held.holders.map(line).sort(), `holders at ${instant}`).toEqual(expected.map(line).sort());
          }
          const view = await w.f.s.resources.get(w.dba.ctx, 'mysql', id);
          expect(view.attachments.map(line).sort()).toEqual(
            model
              .filter((i) => i.detachedAt === null)
              .map(line)
              .sort(),
          );
          expect((await row(w, 'mysql', id)).attached_count).toBe(view.attachments.length);
        }),
        { numRuns: runs },
      );
    }, 120_000);

    it('writes every attachment interval it reports (history equals the attachments table)', async () => {
      const w = await setup();
      w.clock.advance(10 * MINUTE);
      await w.f.s.resources.upsert(w.kube.ctx, [{ type: 'lb', externalId: 'lb-1' }]);
      await w.f.s.resources.attach(w.kube.ctx, 'lb', 'lb-1', { appid: API, env: 'PROD', at: at(MINUTE) });
      await w.f.s.resources.detach(w.kube.ctx, 'lb', 'lb-1', { at: at(2 * MINUTE) });
      await w.f.s.resources.attach(w.kube.ctx, 'lb', 'lb-1', { appid: API, env: 'PROD', at: at(2 * MINUTE) });
      expect(await attachmentRows(w.handle, 'lb', 'lb-1')).toEqual([
        [API, 'PROD', 1, at(MINUTE), at(2 * MINUTE)],
        [API, 'PROD', 1, at(2 * MINUTE), null],
      ]);
      expect((await auditRows(w.handle)).filter((r) => r.entityType === 'resource').map((r) => r.action)).toEqual([
        'attached',
        'detached',
        'attached',
      ]);
    });
  });
});
