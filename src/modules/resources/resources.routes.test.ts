import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import {
  type Api,
  at,
  attachmentRows,
  changesOf,
  getResource,
  MINUTE,
  type ResourceWorld,
  resourcePath,
  resourceWorld,
  snapshotTables,
  T0,
  upsertOk,
} from '../../../test/resource-helpers.ts';
import { changeCounts, expectError } from '../../../test/tree-helpers.ts';
import type { ResourceInput } from './resources.types.ts';

const API = 'pay.checkout.api';
const WEB = 'pay.checkout.web';
const CORE = 'pay.refund.core';
const AGENT = 'ops.infra.agent';

describeEachDialect('resource routes', (db) => {
  /** The world, and the HTTP client acting as the tenants `kube` (container, lb) and `dba` (mysql, redis). */
  async function setup(): Promise<
    ResourceWorld & { kube: ResourceWorld['kube'] & { api: Api }; dba: ResourceWorld['dba'] & { api: Api } }
  > {
    const w = await resourceWorld(db());
    return { ...w, kube: { ...w.kube, api: w.api.as(w.kube.auth) }, dba: { ...w.dba, api: w.api.as(w.dba.auth) } };
  }

  const keysOf = (res: { json(): { items: Array<{ key: string }> } }) => res.json().items.map((r) => r.key);

  async function attach(api: Api, key: string, body: Record<string, unknown>) {
    const res = await api.post(`/api/v1/resources/${resourcePath(key)}/attach`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function detach(api: Api, key: string, body: Record<string, unknown>) {
    const res = await api.post(`/api/v1/resources/${resourcePath(key)}/detach`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  const currentOf = (view: { attachments: Array<{ appid: string; env: string; weight: number }> }) =>
    view.attachments.map((a) => `${a.appid} ${a.env} ${a.weight}`);

  describe('bulk upsert', () => {
    it('registers new resources and answers what it did', async () => {
      const w = await setup();
      const result = await upsertOk(w.kube.api, [
        {
          type: 'container',
          externalId: 'pod-1',
          name: 'checkout pod',
          capacity: { cpu: 2, memory: 4 },
          attributes: { zone: 'a', node: { rack: 7 } },
          labels: { tier: 'web' },
        },
        { type: 'lb', externalId: 'lb-1' },
      ]);
      expect(result).toEqual({
        created: 2,
        updated: 0,
        unchanged: 0,
        deleted: 0,
        attached: 0,
        detached: 0,
        rejected: [],
        importId: expect.any(String),
      });
      expect(await getResource(w.api, 'container/pod-1')).toEqual({
        key: 'container/pod-1',
        type: 'container',
        externalId: 'pod-1',
        tenant: 'kube',
        name: 'checkout pod',
        capacity: { cpu: 2, memory: 4 },
        attributes: { zone: 'a', node: { rack: 7 } },
        labels: { tier: 'web' },
        status: 'active',
        version: 1,
        attachments: [],
        createdAt: T0,
        updatedAt: T0,
        deletedAt: null,
      });
      expect(await getResource(w.api, 'lb/lb-1')).toMatchObject({ name: 'lb-1', capacity: {}, attributes: {}, labels: {}, version: 1 });
    });

    it('updates a changed resource with a new version and keeps the fields the item leaves out', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1', name: 'pod', capacity: { cpu: 2 }, labels: { tier: 'web' } }]);
      w.clock.advance(MINUTE);
      const result = await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1', capacity: { cpu: 4, memory: 8 } }]);
      expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: [] });
      expect(await getResource(w.api, 'container/pod-1')).toMatchObject({
        name: 'pod',
        capacity: { cpu: 4, memory: 8 },
        labels: { tier: 'web' },
        version: 2,
        createdAt: T0,
        updatedAt: at(MINUTE),
      });
    });

    it('counts an identical item as unchanged whatever order its keys come back in (jsonb reorders them)', async () => {
      const w = await setup();
      // jsonb stores keys shortest first, so these read back as { cpu, memory } and { pool, zone }.
      const item: ResourceInput = {
        type: 'container',
        externalId: 'pod-2',
        capacity: { memory: 4, cpu: 2 },
        labels: { zone: 'a', pool: 'web' },
        attributes: { rack: 'r1', az: 'x' },
      };
      await upsertOk(w.kube.api, [item]);
      w.clock.advance(MINUTE);
      const result = await upsertOk(w.kube.api, [item]);
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
      expect(await getResource(w.api, 'container/pod-2')).toMatchObject({ version: 1 });
    });

    it('counts an identical item as unchanged: no new version, no audit row, no event', async () => {
      const w = await setup();
      const item: ResourceInput = {
        type: 'container',
        externalId: 'pod-1',
        name: 'pod',
        capacity: { cpu: 2 },
        attach: [{ appid: API, env: 'PROD' }],
      };
      await upsertOk(w.kube.api, [item]);
      w.clock.advance(MINUTE);
      const before = await changeCounts(w.handle.db);
      const result = await upsertOk(w.kube.api, [item]);
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 1, attached: 0, detached: 0 });
      expect(await changeCounts(w.handle.db)).toEqual(before);
      expect(await getResource(w.api, 'container/pod-1')).toMatchObject({ version: 1, updatedAt: T0 });
    });

    it('writes one audit row for a call that changed something, and one event per kind of change', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-0', attach: [{ appid: API, env: 'PROD' }] }]);
      const { audit, events, result } = await changesOf(w.handle, () =>
        upsertOk(w.kube.api, [
          { type: 'container', externalId: 'pod-0', attach: [] },
          { type: 'container', externalId: 'pod-1', attach: [{ appid: WEB, env: 'PROD' }] },
          { type: 'container', externalId: 'pod-2' },
        ]),
      );
      expect(audit.map((a) => [a.actor, a.action, a.entityType, a.entityId, a.entityKey])).toEqual([
        ['tenant:kube', 'upserted', 'resource_import', result.importId, '3 resources'],
      ]);
      expect(audit[0]?.after).toEqual({
        created: ['container/pod-1', 'container/pod-2'],
        updated: [expect.objectContaining({ key: 'container/pod-0', version: 2 })],
        attached: 1,
        detached: 1,
        rejected: 0,
      });
      expect(events).toEqual([
        'resource_import.upserted',
        'resource.registered',
        'resource.changed',
        'resource.attached',
        'resource.detached',
      ]);
    });

    it('rejects bad items one by one with their codes and keeps the good ones', async () => {
      const w = await setup();
      const result = await upsertOk(w.kube.api, [
        { type: 'container', externalId: 'pod-1', attach: [{ appid: API, env: 'PROD' }] },
        { type: 'nosuch', externalId: 'x' },
        { type: 'mysql', externalId: 'db-1' },
        { type: 'container', externalId: 'pod-2', capacity: { gpu: 1 } },
        { type: 'container', externalId: 'pod-3', attach: [{ appid: 'pay.checkout.ghost', env: 'PROD' }] },
        { type: 'container', externalId: 'pod-4', attach: [{ appid: API, env: 'STAGING' }] },
        { type: 'container', externalId: 'pod-1', name: 'again' },
        {
          type: 'container',
          externalId: 'pod-5',
          attach: [
            { appid: API, env: 'PROD' },
            { appid: API, env: 'PROD', weight: 2 },
          ],
        },
        { type: 'lb', externalId: 'lb-1', capacity: { cpu: 1 } },
        { type: 'lb', externalId: 'lb-2' },
      ]);
      expect(result.rejected.map((r) => [r.index, r.key, r.code])).toEqual([
        [1, 'nosuch/x', 'unknown_resource_type'],
        [2, 'mysql/db-1', 'resource_not_owned'],
        [3, 'container/pod-2', 'unknown_dimension'],
        [4, 'container/pod-3', 'app_not_found'],
        [5, 'container/pod-4', 'unknown_environment'],
        [6, 'container/pod-1', 'duplicate_item'],
        [7, 'container/pod-5', 'duplicate_attachment'],
        [8, 'lb/lb-1', 'unknown_dimension'],
      ]);
      for (const r of result.rejected) expect(r.message.length).toBeGreaterThan(10);
      expect(result).toMatchObject({ created: 2, updated: 0, unchanged: 0, attached: 1 });
      const all = await w.api.get('/api/v1/resources?deleted=true');
      expect(keysOf(all)).toEqual(['container/pod-1', 'lb/lb-2']);
      expect(currentOf(await getResource(w.api, 'container/pod-1'))).toEqual([`${API} PROD 1`]);
    });

    it('keeps nothing and audits nothing when every item is rejected for a reason of its own', async () => {
      const w = await setup();
      const before = await snapshotTables(w.handle, []);
      const result = await upsertOk(w.kube.api, [
        { type: 'nosuch', externalId: 'x' },
        { type: 'container', externalId: 'p', capacity: { gpu: 1 } },
      ]);
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0, deleted: 0, attached: 0, detached: 0 });
      expect(await snapshotTables(w.handle, [])).toEqual(before);
    });

    it('refuses more than 10,000 items in one call (400) and registers none of them', async () => {
      const w = await setup();
      const items = Array.from({ length: 10_001 }, (_, i) => ({ type: 'lb', externalId: `lb-${i}` }));
      const before = await snapshotTables(w.handle, []);
      const res = await w.kube.api.put('/api/v1/resources', { items });
      expectError(res, 400, 'validation_failed');
      expect(res.json().error.details.field).toBe('items');
      expect(await snapshotTables(w.handle, [])).toEqual(before);
    });

    it('accepts exactly 10,000 items in one call, even when the body is larger than the default limit', async () => {
      const w = await setup();
      const items = Array.from({ length: 10_000 }, (_, i) => ({
        type: 'container',
        externalId: `pod-${String(i).padStart(5, '0')}`,
        capacity: { cpu: 1 },
        attributes: { note: 'x'.repeat(100) },
        attach: [{ appid: i % 2 ? API : WEB, env: 'PROD' }],
      }));
      expect(JSON.stringify({ items }).length).toBeGreaterThan(1024 * 1024);
      const result = await upsertOk(w.kube.api, items);
      expect(result).toMatchObject({ created: 10_000, attached: 10_000, rejected: [] });
      const inv = await w.api.get('/api/v1/inventory?groupBy=app');
      expect(inv.json().groups).toEqual([
        { group: { app: API }, resources: 5000, capacity: { cpu: 5000 } },
        { group: { app: WEB }, resources: 5000, capacity: { cpu: 5000 } },
      ]);
    }, 60_000);

    it('makes the current attachments exactly the attach list: adds, removes, and a weight change closes and reopens', async () => {
      const w = await setup();
      const key = 'container/pod-1';
      const put = (attach: ResourceInput['attach']) => upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1', attach }]);
      expect(
        await put([
          { appid: API, env: 'PROD' },
          { appid: WEB, env: 'PROD' },
        ]),
      ).toMatchObject({ created: 1, attached: 2, detached: 0 });
      w.clock.advance(MINUTE);
      expect(
        await put([
          { appid: API, env: 'PROD' },
          { appid: CORE, env: 'FAT' },
        ]),
      ).toMatchObject({ updated: 1, attached: 1, detached: 1 });
      w.clock.advance(MINUTE);
      expect(
        await put([
          { appid: API, env: 'PROD', weight: 3 },
          { appid: CORE, env: 'FAT' },
        ]),
      ).toMatchObject({ updated: 1, attached: 1, detached: 1 });
      const view = await getResource(w.api, key);
      expect(view.attachments).toEqual([
        { appid: CORE, env: 'FAT', weight: 1, attachedAt: at(MINUTE), detachedAt: null },
        { appid: API, env: 'PROD', weight: 3, attachedAt: at(2 * MINUTE), detachedAt: null },
      ]);
      expect(view.version).toBe(3);
      expect(await attachmentRows(w.handle, 'container', 'pod-1')).toEqual([
        [API, 'PROD', 1, T0, at(2 * MINUTE)],
        [WEB, 'PROD', 1, T0, at(MINUTE)],
        [CORE, 'FAT', 1, at(MINUTE), null],
        [API, 'PROD', 3, at(2 * MINUTE), null],
      ]);
      w.clock.advance(MINUTE);
      expect(await put([])).toMatchObject({ updated: 1, attached: 0, detached: 2 });
      expect((await getResource(w.api, key)).attachments).toEqual([]);
    });

    it('accepts an old appid in an attach list and attaches to the app it now names', async () => {
      const w = await setup();
      expect((await w.api.post(`/api/v1/apps/${API}/move`, { name: 'gateway' })).statusCode).toBe(200);
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1', attach: [{ appid: API, env: 'PROD' }] }]);
      expect(currentOf(await getResource(w.api, 'container/pod-1'))).toEqual(['pay.checkout.gateway PROD 1']);
    });

    it('lets an admin register resources of any tenant, owned by the tenant of their type', async () => {
      const w = await setup();
      await upsertOk(w.api, [
        { type: 'mysql', externalId: 'db-1' },
        { type: 'lb', externalId: 'lb-1' },
      ]);
      expect((await getResource(w.api, 'mysql/db-1')).tenant).toBe('dba');
      expect((await getResource(w.api, 'lb/lb-1')).tenant).toBe('kube');
      expect((await w.kube.api.get('/api/v1/resources/lb/lb-1')).statusCode).toBe(200);
    });
  });

  describe('full sync', () => {
    it("deletes and detaches only the calling tenant's active resources of that type missing from the call", async () => {
      const w = await setup();
      await upsertOk(w.dba.api, [
        { type: 'mysql', externalId: 'db-1', attach: [{ appid: API, env: 'PROD' }] },
        { type: 'mysql', externalId: 'db-2', attach: [{ appid: WEB, env: 'PROD' }] },
        { type: 'mysql', externalId: 'db-3' },
        { type: 'mysql', externalId: 'db-0' },
        { type: 'redis', externalId: 'cache-1', attach: [{ appid: WEB, env: 'PROD' }] },
      ]);
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1', attach: [{ appid: API, env: 'PROD' }] }]);
      expect((await w.dba.api.delete('/api/v1/resources/mysql/db-0')).statusCode).toBe(204);
      const untouched = {
        db0: await getResource(w.api, 'mysql/db-0'),
        db1: await getResource(w.api, 'mysql/db-1'),
        redis: await getResource(w.api, 'redis/cache-1'),
        pod: await getResource(w.api, 'container/pod-1'),
      };
      w.clock.advance(MINUTE);

      const result = await upsertOk(w.dba.api, [{ type: 'mysql', externalId: 'db-1' }], '?mode=full&type=mysql');
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 1, deleted: 2, attached: 0, detached: 1, rejected: [] });

      for (const id of ['db-2', 'db-3']) {
        expect(await getResource(w.api, `mysql/${id}`)).toMatchObject({
          status: 'deleted',
          deletedAt: at(MINUTE),
          attachments: [],
          version: 2,
        });
      }
      expect(await attachmentRows(w.handle, 'mysql', 'db-2')).toEqual([[WEB, 'PROD', 1, T0, at(MINUTE)]]);
      expect(await getResource(w.api, 'mysql/db-0')).toEqual(untouched.db0);
      expect(await getResource(w.api, 'mysql/db-1')).toEqual(untouched.db1);
      expect(await getResource(w.api, 'redis/cache-1')).toEqual(untouched.redis);
      expect(await getResource(w.api, 'container/pod-1')).toEqual(untouched.pod);
      const active = await w.api.get('/api/v1/resources');
      expect(keysOf(active)).toEqual(['mysql/db-1', 'redis/cache-1', 'container/pod-1']);
    });

    it('with no items deletes every active resource of the type, and re-registering one makes it active again', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [
        { type: 'lb', externalId: 'lb-1' },
        { type: 'lb', externalId: 'lb-2' },
      ]);
      w.clock.advance(MINUTE);
      expect(await upsertOk(w.kube.api, [], '?mode=full&type=lb')).toMatchObject({ deleted: 2 });
      expect((await w.api.get('/api/v1/resources?type=lb')).json().items).toEqual([]);
      w.clock.advance(MINUTE);
      expect(await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1' }], '?mode=full&type=lb')).toMatchObject({
        created: 0,
        updated: 1,
        deleted: 0,
      });
      expect(await getResource(w.api, 'lb/lb-1')).toMatchObject({ status: 'active', deletedAt: null, version: 3 });
    });

    it('rejects items of another type in a full sync (type_mismatch) and leaves that type alone', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1' }]);
      const result = await upsertOk(
        w.kube.api,
        [
          { type: 'lb', externalId: 'lb-1' },
          { type: 'container', externalId: 'pod-1' },
        ],
        '?mode=full&type=lb',
      );
      expect(result.rejected.map((r) => [r.index, r.code])).toEqual([[1, 'type_mismatch']]);
      expect(result).toMatchObject({ created: 1, deleted: 0 });
      expect((await getResource(w.api, 'container/pod-1')).status).toBe('active');
    });

    it('does not delete a resource whose item in the full sync was rejected: the provider still listed it', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1', capacity: { cpu: 1 } }]);
      const result = await upsertOk(
        w.kube.api,
        [{ type: 'container', externalId: 'pod-1', capacity: { gpu: 1 } }],
        '?mode=full&type=container',
      );
      expect(result.rejected.map((r) => r.code)).toEqual(['unknown_dimension']);
      expect(result.deleted).toBe(0);
      expect((await getResource(w.api, 'container/pod-1')).status).toBe('active');
    });

    it('refuses mode=full without a type (400 type_required) and changes nothing', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1' }]);
      const before = await snapshotTables(w.handle, []);
      expectError(await w.kube.api.put('/api/v1/resources?mode=full', { items: [] }), 400, 'type_required', { field: 'type' });
      expect(await snapshotTables(w.handle, [])).toEqual(before);
    });

    it('refuses a full sync of an unknown type (400 unknown_resource_type)', async () => {
      const w = await setup();
      expectError(await w.kube.api.put('/api/v1/resources?mode=full&type=nosuch', { items: [] }), 400, 'unknown_resource_type');
    });
  });

  describe('one resource', () => {
    it('shows a resource with its current attachments, appids resolved', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [
        {
          type: 'container',
          externalId: 'pod-1',
          attach: [
            { appid: API, env: 'PROD', weight: 2 },
            { appid: AGENT, env: 'FAT' },
          ],
        },
      ]);
      const view = await getResource(w.kube.api, 'container/pod-1');
      expect(view.attachments).toEqual([
        { appid: API, env: 'PROD', weight: 2, attachedAt: T0, detachedAt: null },
        { appid: AGENT, env: 'FAT', weight: 1, attachedAt: T0, detachedAt: null },
      ]);
      expect(view).not.toHaveProperty('id');
    });

    it('finds a resource whose external id contains a slash, URL-encoded in the path', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'ns/checkout/pod-1' }]);
      const res = await w.kube.api.get('/api/v1/resources/container/ns%2Fcheckout%2Fpod-1');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ key: 'container/ns/checkout/pod-1', externalId: 'ns/checkout/pod-1' });
      await attach(w.kube.api, 'container/ns/checkout/pod-1', { appid: API, env: 'PROD' });
    });

    it('answers 404 resource_not_found for an unknown resource', async () => {
      const w = await setup();
      expectError(await w.api.get('/api/v1/resources/container/ghost'), 404, 'resource_not_found', { resource: 'container/ghost' });
      expectError(await w.api.get('/api/v1/resources/nosuch/ghost'), 404, 'resource_not_found');
      expectError(await w.api.get('/api/v1/resources/container/ghost/history'), 404, 'resource_not_found');
    });

    it('attaches to an app in an environment with a weight and the time it really happened', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1' }]);
      w.clock.advance(10 * MINUTE);
      const {
        result: view,
        audit,
        events,
      } = await changesOf(w.handle, () =>
        attach(w.kube.api, 'container/pod-1', { appid: API, env: 'PROD', weight: 5, at: '2026-11-26T09:05:00Z' }),
      );
      expect(view).toMatchObject({
        version: 2,
        updatedAt: at(10 * MINUTE),
        attachments: [{ appid: API, env: 'PROD', weight: 5, attachedAt: at(5 * MINUTE), detachedAt: null }],
      });
      expect(audit.map((a) => [a.actor, a.action, a.entityType, a.entityKey])).toEqual([
        ['tenant:kube', 'attached', 'resource', 'container/pod-1'],
      ]);
      expect(events).toEqual(['resource.attached']);
    });

    it('attaches with weight 1 from now when neither is given', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1' }]);
      w.clock.advance(MINUTE);
      const view = await attach(w.kube.api, 'container/pod-1', { appid: API, env: 'PROD' });
      expect(view.attachments).toEqual([{ appid: API, env: 'PROD', weight: 1, attachedAt: at(MINUTE), detachedAt: null }]);
    });

    it('attaches one resource to several apps at once', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1' }]);
      await attach(w.kube.api, 'lb/lb-1', { appid: API, env: 'PROD', weight: 70 });
      const view = await attach(w.kube.api, 'lb/lb-1', { appid: WEB, env: 'PROD', weight: 30 });
      expect(currentOf(view)).toEqual([`${API} PROD 70`, `${WEB} PROD 30`]);
      expect(view.version).toBe(3);
    });

    it('detaches from one app and environment, from every environment of one app, or from everything', async () => {
      const w = await setup();
      const key = 'container/pod-1';
      await upsertOk(w.kube.api, [
        {
          type: 'container',
          externalId: 'pod-1',
          attach: [
            { appid: API, env: 'PROD' },
            { appid: API, env: 'FAT' },
            { appid: API, env: 'UAT' },
            { appid: WEB, env: 'PROD' },
            { appid: CORE, env: 'FAT' },
          ],
        },
      ]);
      w.clock.advance(MINUTE);
      let view = await detach(w.kube.api, key, { appid: API, env: 'PROD' });
      expect(currentOf(view)).toEqual([`${API} FAT 1`, `${API} UAT 1`, `${WEB} PROD 1`, `${CORE} FAT 1`]);
      view = await detach(w.kube.api, key, { appid: API });
      expect(currentOf(view)).toEqual([`${WEB} PROD 1`, `${CORE} FAT 1`]);
      view = await detach(w.kube.api, key, { env: 'FAT' });
      expect(currentOf(view)).toEqual([`${WEB} PROD 1`]);
      await attach(w.kube.api, key, { appid: AGENT, env: 'UAT' });
      view = await detach(w.kube.api, key, {});
      expect(view.attachments).toEqual([]);
      expect(view.version).toBe(6);
      const history = (await w.api.get(`/api/v1/resources/${key}/history`)).json().attachments;
      expect(history.filter((a: { detachedAt: string | null }) => a.detachedAt === null)).toEqual([]);
      expect(history).toHaveLength(6);
    });

    it('detaches with an empty body from everything', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1', attach: [{ appid: API, env: 'PROD' }] }]);
      const res = await w.kube.api.app.inject({ method: 'POST', url: '/api/v1/resources/lb/lb-1/detach', headers: w.kube.auth });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().attachments).toEqual([]);
    });

    it('deletes a resource: detaches it first, keeps its history, and shows it as deleted', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [
        {
          type: 'container',
          externalId: 'pod-1',
          capacity: { cpu: 2 },
          attach: [
            { appid: API, env: 'PROD' },
            { appid: WEB, env: 'FAT' },
          ],
        },
      ]);
      w.clock.advance(MINUTE);
      const { result: res, audit } = await changesOf(w.handle, () => w.kube.api.delete('/api/v1/resources/container/pod-1'));
      expect(res.statusCode).toBe(204);
      expect(audit.map((a) => [a.action, a.entityKey])).toEqual([['deleted', 'container/pod-1']]);
      expect(await getResource(w.kube.api, 'container/pod-1')).toMatchObject({
        status: 'deleted',
        deletedAt: at(MINUTE),
        updatedAt: at(MINUTE),
        attachments: [],
        version: 2,
        capacity: { cpu: 2 },
      });
      expect((await w.api.get('/api/v1/resources/container/pod-1/history')).json().attachments).toEqual([
        { appid: API, env: 'PROD', weight: 1, attachedAt: T0, detachedAt: at(MINUTE) },
        { appid: WEB, env: 'FAT', weight: 1, attachedAt: T0, detachedAt: at(MINUTE) },
      ]);
      expect(keysOf(await w.api.get('/api/v1/resources'))).toEqual([]);
      expect(keysOf(await w.api.get('/api/v1/resources?deleted=true'))).toEqual(['container/pod-1']);
      expect((await w.api.get('/api/v1/inventory?groupBy=app')).json().groups).toEqual([]);

      const again = await changesOf(w.handle, () => w.kube.api.delete('/api/v1/resources/container/pod-1'));
      expect(again.result.statusCode).toBe(204);
      expect(again.audit).toEqual([]);
    });

    it('answers 404 resource_not_found when the owner deletes or attaches a resource that does not exist', async () => {
      const w = await setup();
      expectError(await w.kube.api.delete('/api/v1/resources/container/ghost'), 404, 'resource_not_found');
      expectError(
        await w.kube.api.post('/api/v1/resources/container/ghost/attach', { appid: API, env: 'PROD' }),
        404,
        'resource_not_found',
      );
      expectError(await w.kube.api.post('/api/v1/resources/container/ghost/detach', {}), 404, 'resource_not_found');
    });

    describe('refusals, each leaving the database as it was', () => {
      async function attached() {
        const w = await setup();
        await upsertOk(w.kube.api, [{ type: 'container', externalId: 'pod-1' }]);
        w.clock.advance(10 * MINUTE);
        await attach(w.kube.api, 'container/pod-1', { appid: API, env: 'PROD', at: at(5 * MINUTE) });
        const before = await snapshotTables(w.handle, []);
        return { w, unchanged: async () => expect(await snapshotTables(w.handle, [])).toEqual(before) };
      }
      const ATTACH = '/api/v1/resources/container/pod-1/attach';
      const DETACH = '/api/v1/resources/container/pod-1/detach';

      it('refuses an attach to an unknown app (404 app_not_found) or a malformed appid (400 invalid_appid)', async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(ATTACH, { appid: 'pay.checkout.ghost', env: 'PROD' }), 404, 'app_not_found', {
          appid: 'pay.checkout.ghost',
        });
        expectError(await w.kube.api.post(ATTACH, { appid: 'ghost', env: 'PROD' }), 400, 'invalid_appid');
        expectError(await w.kube.api.post(DETACH, { appid: 'pay.checkout.ghost' }), 404, 'app_not_found');
        await unchanged();
      });

      it('refuses an unknown environment (400 unknown_environment)', async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(ATTACH, { appid: WEB, env: 'STAGING' }), 400, 'unknown_environment');
        await unchanged();
      });

      it('refuses to attach twice to the same app and environment, whatever the weight (409 already_attached)', async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(ATTACH, { appid: API, env: 'PROD' }), 409, 'already_attached');
        expectError(await w.kube.api.post(ATTACH, { appid: API, env: 'PROD', weight: 9 }), 409, 'already_attached');
        await unchanged();
      });

      it('refuses to detach what is not attached (409 not_attached)', async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(DETACH, { appid: WEB }), 409, 'not_attached', { resource: 'container/pod-1' });
        expectError(await w.kube.api.post(DETACH, { appid: API, env: 'FAT' }), 409, 'not_attached');
        await unchanged();
        await detach(w.kube.api, 'container/pod-1', {});
        expectError(await w.kube.api.post(DETACH, {}), 409, 'not_attached');
      });

      it('refuses an at in the future (400 time_in_future)', async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(ATTACH, { appid: WEB, env: 'PROD', at: at(10 * MINUTE + 1) }), 400, 'time_in_future', {
          field: 'at',
        });
        expectError(await w.kube.api.post(DETACH, { at: '2027-01-01T00:00:00Z' }), 400, 'time_in_future');
        await unchanged();
      });

      it("refuses an at before the resource's previous attachment change (400 time_before_last_change)", async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(DETACH, { at: at(5 * MINUTE - 1) }), 400, 'time_before_last_change', {
          field: 'at',
          lastChange: at(5 * MINUTE),
        });
        expectError(await w.kube.api.post(ATTACH, { appid: WEB, env: 'PROD', at: at(MINUTE) }), 400, 'time_before_last_change');
        await unchanged();
      });

      it('accepts an at equal to the previous attachment change and the present instant', async () => {
        const { w } = await attached();
        await attach(w.kube.api, 'container/pod-1', { appid: WEB, env: 'PROD', at: at(5 * MINUTE) });
        const view = await detach(w.kube.api, 'container/pod-1', { appid: API, at: at(10 * MINUTE) });
        expect(view.attachments).toEqual([{ appid: WEB, env: 'PROD', weight: 1, attachedAt: at(5 * MINUTE), detachedAt: null }]);
      });

      it('refuses an at that is not an ISO-8601 timestamp (400 invalid_timestamp)', async () => {
        const { w, unchanged } = await attached();
        expectError(await w.kube.api.post(ATTACH, { appid: WEB, env: 'PROD', at: 'yesterday' }), 400, 'invalid_timestamp', { field: 'at' });
        expectError(await w.kube.api.post(DETACH, { at: '1732611600' }), 400, 'invalid_timestamp');
        await unchanged();
      });

      it('refuses a weight that is not a positive integer (400 validation_failed)', async () => {
        const { w, unchanged } = await attached();
        for (const weight of [0, -1, 1.5]) {
          expectError(await w.kube.api.post(ATTACH, { appid: WEB, env: 'PROD', weight }), 400, 'validation_failed');
        }
        await unchanged();
      });

      it('refuses to attach a deleted resource (409 resource_deleted)', async () => {
        const { w } = await attached();
        expect((await w.kube.api.delete('/api/v1/resources/container/pod-1')).statusCode).toBe(204);
        const before = await snapshotTables(w.handle, []);
        expectError(await w.kube.api.post(ATTACH, { appid: WEB, env: 'PROD' }), 409, 'resource_deleted', { resource: 'container/pod-1' });
        expect(await snapshotTables(w.handle, [])).toEqual(before);
      });
    });
  });

  describe('history', () => {
    /** attach api at +1m, move api → web at +3m (detach + attach at the same instant), detach at +6m; now is +10m. */
    async function moved() {
      const w = await setup();
      const key = 'mysql/db-1';
      await upsertOk(w.dba.api, [{ type: 'mysql', externalId: 'db-1' }]);
      w.clock.advance(10 * MINUTE);
      await attach(w.dba.api, key, { appid: API, env: 'PROD', at: at(MINUTE) });
      await detach(w.dba.api, key, { appid: API, env: 'PROD', at: at(3 * MINUTE) });
      await attach(w.dba.api, key, { appid: WEB, env: 'PROD', at: at(3 * MINUTE) });
      await detach(w.dba.api, key, { at: at(6 * MINUTE) });
      const holders = async (t: string) => {
        const res = await w.api.get(`/api/v1/resources/mysql/db-1/history?at=${encodeURIComponent(t)}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json().attachments.map((a: { appid: string }) => a.appid);
      };
      return { w, holders };
    }

    it('lists every attachment with its interval [attachedAt, detachedAt) through attach, move and detach', async () => {
      const { w } = await moved();
      const res = await w.api.get('/api/v1/resources/mysql/db-1/history');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        resource: 'mysql/db-1',
        attachments: [
          { appid: API, env: 'PROD', weight: 1, attachedAt: at(MINUTE), detachedAt: at(3 * MINUTE) },
          { appid: WEB, env: 'PROD', weight: 1, attachedAt: at(3 * MINUTE), detachedAt: at(6 * MINUTE) },
        ],
      });
    });

    it('answers who held the resource at T: the holder from exactly attachedAt, no longer at exactly detachedAt', async () => {
      const { holders } = await moved();
      expect(await holders(at(MINUTE - 1))).toEqual([]);
      expect(await holders(at(MINUTE))).toEqual([API]);
      expect(await holders(at(3 * MINUTE - 1))).toEqual([API]);
      expect(await holders(at(3 * MINUTE))).toEqual([WEB]);
      expect(await holders(at(6 * MINUTE - 1))).toEqual([WEB]);
      expect(await holders(at(6 * MINUTE))).toEqual([]);
      expect(await holders(at(9 * MINUTE))).toEqual([]);
    });

    it('normalises the at of the query and echoes it', async () => {
      const { w } = await moved();
      const res = await w.api.get('/api/v1/resources/mysql/db-1/history?at=2026-11-26T09:03:00Z');
      expect(res.json()).toEqual({
        resource: 'mysql/db-1',
        at: at(3 * MINUTE),
        attachments: [{ appid: WEB, env: 'PROD', weight: 1, attachedAt: at(3 * MINUTE), detachedAt: at(6 * MINUTE) }],
      });
    });

    it('lists both holders of a shared resource with their weights (70/30) while both hold it', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1' }]);
      w.clock.advance(10 * MINUTE);
      await attach(w.kube.api, 'lb/lb-1', { appid: API, env: 'PROD', weight: 70, at: at(MINUTE) });
      await attach(w.kube.api, 'lb/lb-1', { appid: WEB, env: 'PROD', weight: 30, at: at(2 * MINUTE) });
      await detach(w.kube.api, 'lb/lb-1', { appid: API, at: at(4 * MINUTE) });
      const held = async (t: string) =>
        (await w.api.get(`/api/v1/resources/lb/lb-1/history?at=${t}`))
          .json()
          .attachments.map((a: { appid: string; weight: number }) => `${a.appid} ${a.weight}`);
      expect(await held(at(MINUTE))).toEqual([`${API} 70`]);
      expect(await held(at(2 * MINUTE))).toEqual([`${API} 70`, `${WEB} 30`]);
      expect(await held(at(4 * MINUTE - 1))).toEqual([`${API} 70`, `${WEB} 30`]);
      expect(await held(at(4 * MINUTE))).toEqual([`${WEB} 30`]);
      expect(await held(at(10 * MINUTE))).toEqual([`${WEB} 30`]);
    });

    it('keeps the history of a weight change made by a bulk upsert as two intervals meeting at the change', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1', attach: [{ appid: API, env: 'PROD', weight: 70 }] }]);
      w.clock.advance(MINUTE);
      await upsertOk(w.kube.api, [{ type: 'lb', externalId: 'lb-1', attach: [{ appid: API, env: 'PROD', weight: 50 }] }]);
      const held = async (t: string) =>
        (await w.api.get(`/api/v1/resources/lb/lb-1/history?at=${t}`)).json().attachments.map((a: { weight: number }) => a.weight);
      expect(await held(at(MINUTE - 1))).toEqual([70]);
      expect(await held(at(MINUTE))).toEqual([50]);
    });

    it('answers 400 invalid_timestamp for an at that is not a timestamp', async () => {
      const { w } = await moved();
      expectError(await w.api.get('/api/v1/resources/mysql/db-1/history?at=noon'), 400, 'invalid_timestamp', { field: 'at' });
    });
  });

  describe('apps that move or go away', () => {
    it('finds the resources of an app under its new domain after it moved, and no longer under the old one', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [
        { type: 'container', externalId: 'pod-1', attach: [{ appid: API, env: 'PROD' }] },
        { type: 'container', externalId: 'pod-2', attach: [{ appid: WEB, env: 'PROD' }] },
      ]);
      expect((await w.api.post(`/api/v1/apps/${API}/move`, { business: 'ops.infra' })).statusCode).toBe(200);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=ops'))).toEqual(['container/pod-1']);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=ops.infra'))).toEqual(['container/pod-1']);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=pay'))).toEqual(['container/pod-2']);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=pay.checkout'))).toEqual(['container/pod-2']);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=ops.infra.api'))).toEqual(['container/pod-1']);
      // the old appid stays resolvable
      expect(keysOf(await w.api.get(`/api/v1/resources?scope=${API}`))).toEqual(['container/pod-1']);
      expect(currentOf(await getResource(w.api, 'container/pod-1'))).toEqual(['ops.infra.api PROD 1']);
      const inv = await w.api.get('/api/v1/inventory?scope=ops&groupBy=business,app');
      expect(inv.json().groups).toEqual([{ group: { business: 'ops.infra', app: 'ops.infra.api' }, resources: 1, capacity: {} }]);
    });

    it('follows a business that moved to another domain', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [
        { type: 'container', externalId: 'pod-1', attach: [{ appid: CORE, env: 'PROD' }] },
        { type: 'container', externalId: 'pod-2', attach: [{ appid: API, env: 'PROD' }] },
      ]);
      expect((await w.api.post('/api/v1/businesses/pay.refund/move', { domain: 'ops' })).statusCode).toBe(200);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=ops'))).toEqual(['container/pod-1']);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=ops.refund'))).toEqual(['container/pod-1']);
      expect(keysOf(await w.api.get('/api/v1/resources?scope=pay'))).toEqual(['container/pod-2']);
      expect(currentOf(await getResource(w.api, 'container/pod-1'))).toEqual(['ops.refund.core PROD 1']);
    });

    it('refuses to delete an app that holds resources (409 node_not_empty) until they are detached', async () => {
      const w = await setup();
      await upsertOk(w.kube.api, [
        { type: 'container', externalId: 'pod-1', attach: [{ appid: API, env: 'PROD' }] },
        { type: 'lb', externalId: 'lb-1', attach: [{ appid: API, env: 'FAT' }] },
      ]);
      const before = await snapshotTables(w.handle, []);
      expectError(await w.api.delete(`/api/v1/apps/${API}`), 409, 'node_not_empty', { resources: 2 });
      expect(await snapshotTables(w.handle, [])).toEqual(before);
      await detach(w.kube.api, 'container/pod-1', {});
      expectError(await w.api.delete(`/api/v1/apps/${API}`), 409, 'node_not_empty', { resources: 1 });
      expect((await w.kube.api.delete('/api/v1/resources/lb/lb-1')).statusCode).toBe(204);
      expect((await w.api.delete(`/api/v1/apps/${API}`)).statusCode).toBe(204);
    });
  });

  describe('listing', () => {
    /**
     * Resources in creation (= id) order:
     *   container/c1  api PROD        tier=web
     *   container/c2  web FAT         tier=db
     *   container/c3  agent PROD
     *   container/c4  (unattached)    tier=web
     *   lb/l1         api PROD, core UAT
     *   mysql/m1      core PROD       tier=db
     *   mysql/m2      (unattached)
     *   redis/r1      api FAT
     *   mysql/m3      deleted (was on api PROD)
     */
    async function listed() {
      const w = await setup();
      const k = (items: ResourceInput[]) => upsertOk(w.kube.api, items);
      const d = (items: ResourceInput[]) => upsertOk(w.dba.api, items);
      await k([{ type: 'container', externalId: 'c1', labels: { tier: 'web' }, attach: [{ appid: API, env: 'PROD' }] }]);
      await k([{ type: 'container', externalId: 'c2', labels: { tier: 'db' }, attach: [{ appid: WEB, env: 'FAT' }] }]);
      await k([{ type: 'container', externalId: 'c3', attach: [{ appid: AGENT, env: 'PROD' }] }]);
      await k([{ type: 'container', externalId: 'c4', labels: { tier: 'web' } }]);
      await k([
        {
          type: 'lb',
          externalId: 'l1',
          attach: [
            { appid: API, env: 'PROD' },
            { appid: CORE, env: 'UAT' },
          ],
        },
      ]);
      await d([{ type: 'mysql', externalId: 'm1', labels: { tier: 'db' }, attach: [{ appid: CORE, env: 'PROD' }] }]);
      await d([{ type: 'mysql', externalId: 'm2' }]);
      await d([{ type: 'redis', externalId: 'r1', attach: [{ appid: API, env: 'FAT' }] }]);
      await d([{ type: 'mysql', externalId: 'm3', attach: [{ appid: API, env: 'PROD' }] }]);
      expect((await w.dba.api.delete('/api/v1/resources/mysql/m3')).statusCode).toBe(204);
      const list = async (query: string) => {
        const res = await w.api.get(`/api/v1/resources?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return keysOf(res).map((key: string) => key.split('/')[1]);
      };
      return { w, list };
    }

    it('lists the resources attached under a domain, a business or an app', async () => {
      const { list } = await listed();
      expect(await list('scope=pay')).toEqual(['c1', 'c2', 'l1', 'm1', 'r1']);
      expect(await list('scope=pay.checkout')).toEqual(['c1', 'c2', 'l1', 'r1']);
      expect(await list(`scope=${API}`)).toEqual(['c1', 'l1', 'r1']);
      expect(await list(`scope=${CORE}`)).toEqual(['l1', 'm1']);
      expect(await list('scope=pay.refund')).toEqual(['l1', 'm1']);
      expect(await list('scope=ops')).toEqual(['c3']);
      expect(await list('')).toEqual(['c1', 'c2', 'c3', 'c4', 'l1', 'm1', 'm2', 'r1']);
    });

    it('filters by type, environment, tenant, label and attached, with and without a scope', async () => {
      const { list } = await listed();
      expect(await list('type=container')).toEqual(['c1', 'c2', 'c3', 'c4']);
      expect(await list('env=PROD')).toEqual(['c1', 'c3', 'l1', 'm1']);
      expect(await list('tenant=dba')).toEqual(['m1', 'm2', 'r1']);
      expect(await list('label=tier=web')).toEqual(['c1', 'c4']);
      expect(await list('label=tier=web&label=tier=db')).toEqual([]);
      expect(await list('attached=false')).toEqual(['c4', 'm2']);
      expect(await list('attached=true')).toEqual(['c1', 'c2', 'c3', 'l1', 'm1', 'r1']);
      expect(await list('attached=true&type=container&env=PROD')).toEqual(['c1', 'c3']);
      expect(await list('deleted=true&tenant=dba')).toEqual(['m1', 'm2', 'r1', 'm3']);

      expect(await list('scope=pay&type=container')).toEqual(['c1', 'c2']);
      expect(await list('scope=pay&env=FAT')).toEqual(['c2', 'r1']);
      expect(await list('scope=pay&tenant=dba')).toEqual(['m1', 'r1']);
      expect(await list('scope=pay&label=tier=db')).toEqual(['c2', 'm1']);
      expect(await list('scope=pay&attached=false')).toEqual([]);
      expect(await list(`scope=${API}&env=PROD&type=lb`)).toEqual(['l1']);
    });

    it('walks every page exactly once with keyset pagination, whatever the page size and filter', async () => {
      const { w, list } = await listed();
      const more: ResourceInput[] = Array.from({ length: 23 }, (_, i) => ({
        type: 'container',
        externalId: `p${String(i).padStart(2, '0')}`,
        labels: { tier: i % 3 ? 'web' : 'db' },
        ...(i % 4 !== 3 && { attach: [{ appid: [API, WEB, CORE, AGENT][i % 4] as string, env: i % 2 ? 'PROD' : 'FAT' }] }),
      }));
      await upsertOk(w.kube.api, more);
      for (const query of [
        '',
        'scope=pay',
        'scope=pay.checkout&type=container',
        'scope=pay&label=tier=web',
        'env=PROD',
        'attached=false',
      ]) {
        const all = await list(`${query}&limit=1000`);
        expect(all.length).toBeGreaterThan(2);
        for (const limit of [1, 2, 5, 7]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const res = await w.api.get(`/api/v1/resources?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
            expect(res.statusCode, res.body).toBe(200);
            const body = res.json();
            expect(body.items.length).toBeLessThanOrEqual(limit);
            seen.push(...keysOf(res).map((key: string) => key.split('/')[1] as string));
            cursor = body.nextCursor;
            pages++;
          } while (cursor && pages < 100);
          expect(seen, `${query} limit=${limit}`).toEqual(all);
          expect(pages).toBe(Math.max(1, Math.ceil(all.length / limit)));
        }
      }
    });

    it('refuses a bad scope: 400 invalid_scope for too many parts, 404 for an unknown node', async () => {
      const { w } = await listed();
      expectError(await w.api.get('/api/v1/resources?scope=a.b.c.d'), 400, 'invalid_scope', { field: 'scope' });
      expectError(await w.api.get('/api/v1/resources?scope=nowhere'), 404, 'domain_not_found');
      expectError(await w.api.get('/api/v1/resources?scope=pay.nowhere'), 404, 'business_not_found');
      expectError(await w.api.get('/api/v1/resources?scope=pay.checkout.ghost'), 404, 'app_not_found');
      expectError(await w.api.get('/api/v1/inventory?scope=a.b.c.d'), 400, 'invalid_scope');
      expectError(await w.api.get('/api/v1/inventory?scope=nowhere'), 404, 'domain_not_found');
    });

    it('refuses bad filters with 400', async () => {
      const { w } = await listed();
      expectError(await w.api.get('/api/v1/resources?tenant=ghost'), 400, 'unknown_tenant', { field: 'tenant' });
      expectError(await w.api.get('/api/v1/resources?cursor=not-a-cursor!'), 400, 'invalid_cursor');
      expectError(await w.api.get('/api/v1/resources?label=novalue'), 400, 'validation_failed');
      expectError(await w.api.get('/api/v1/resources?attached=yes'), 400, 'validation_failed');
      expectError(await w.api.get('/api/v1/resources?limit=0'), 400, 'validation_failed');
      expectError(await w.api.get('/api/v1/resources?colour=red'), 400, 'validation_failed');
    });
  });
});
