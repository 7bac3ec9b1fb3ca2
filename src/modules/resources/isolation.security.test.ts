import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import {
  type Api,
  auditRows,
  eventTypes,
  getResource,
  type ResourceWorld,
  resourceWorld,
  snapshotTables,
  upsertOk,
} from '../../../test/resource-helpers.ts';
import { expectError } from '../../../test/tree-helpers.ts';

/**
 * Tenant isolation (PRODUCT.md "Tenants and resources", issue 3): a tenant may register, change,
 * attach, detach and delete only resources of its own types. Any attempt on another tenant's
 * resource is refused (403 `resource_not_owned`, or a per-item rejection in a bulk call), changes
 * nothing, and leaves exactly one `refused` audit row naming the resource.
 *
 * Tenant A = `dba` (mysql, redis), tenant B = `kube` (container, lb). A's resources:
 *   mysql/db-1     attached to pay.checkout.api PROD   (pat is owner of that app)
 *   mysql/db-2     unattached
 *   redis/cache-1  attached to ops.infra.agent PROD    (sam is sre of domain ops)
 * B's: container/pod-1 attached to pay.checkout.web FAT; lb/lb-1 unattached.
 */

const API = 'pay.checkout.api';

/** A refused request can hang rather than answer (see the report); fail fast instead of at 20 s. */
const REFUSAL_TIMEOUT = 5_000;

type Actor = 'tenant B' | 'user with a role on the app';

interface WriteRoute {
  label: string;
  send: (api: Api) => Promise<LightMyRequestResponse>;
  /** the resource key the refusal names */
  resource: string;
  /** the action the refusal audit records */
  attempted: string;
  /** bulk upsert: 200 with a per-item rejection instead of a 403 */
  bulk?: boolean;
}

const WRITES: WriteRoute[] = [
  {
    label: "PUT /resources changing A's resource",
    send: (api) => api.put('/api/v1/resources', { items: [{ type: 'mysql', externalId: 'db-1', name: 'hijacked', attach: [] }] }),
    resource: 'mysql/db-1',
    attempted: 'upsert',
    bulk: true,
  },
  {
    label: "PUT /resources registering a resource of A's type",
    send: (api) =>
      api.put('/api/v1/resources', {
        items: [{ type: 'mysql', externalId: 'db-9', attach: [{ appid: 'pay.checkout.web', env: 'PROD' }] }],
      }),
    resource: 'mysql/db-9',
    attempted: 'upsert',
    bulk: true,
  },
  {
    label: "PUT /resources?mode=full on A's type",
    send: (api) => api.put('/api/v1/resources?mode=full&type=mysql', { items: [] }),
    resource: 'mysql/*',
    attempted: 'fully sync',
  },
  {
    label: "POST attach on A's resource",
    send: (api) => api.post('/api/v1/resources/mysql/db-2/attach', { appid: API, env: 'PROD' }),
    resource: 'mysql/db-2',
    attempted: 'attach',
  },
  {
    label: "POST detach (everything) on A's resource",
    send: (api) => api.post('/api/v1/resources/mysql/db-1/detach', {}),
    resource: 'mysql/db-1',
    attempted: 'detach',
  },
  {
    label: "POST detach (one app+env) on A's resource",
    send: (api) => api.post('/api/v1/resources/mysql/db-1/detach', { appid: API, env: 'PROD' }),
    resource: 'mysql/db-1',
    attempted: 'detach',
  },
  {
    label: "DELETE A's resource",
    send: (api) => api.delete('/api/v1/resources/mysql/db-1'),
    resource: 'mysql/db-1',
    attempted: 'delete',
  },
  {
    label: "POST attach on a resource of A's type that does not exist (same answer as for one that does)",
    send: (api) => api.post('/api/v1/resources/mysql/ghost/attach', { appid: API, env: 'PROD' }),
    resource: 'mysql/ghost',
    attempted: 'attach',
  },
];

describeEachDialect('resource isolation', (db) => {
  async function setup(): Promise<ResourceWorld & { A: Api; B: Api }> {
    const w = await resourceWorld(db());
    const A = w.api.as(w.dba.auth);
    const B = w.api.as(w.kube.auth);
    await upsertOk(A, [
      { type: 'mysql', externalId: 'db-1', capacity: { storage: 100 }, attach: [{ appid: API, env: 'PROD' }] },
      { type: 'mysql', externalId: 'db-2', capacity: { storage: 50 } },
      { type: 'redis', externalId: 'cache-1', capacity: { memory: 8 }, attach: [{ appid: 'ops.infra.agent', env: 'PROD' }] },
    ]);
    await upsertOk(B, [
      { type: 'container', externalId: 'pod-1', capacity: { cpu: 2 }, attach: [{ appid: 'pay.checkout.web', env: 'FAT' }] },
      { type: 'lb', externalId: 'lb-1' },
    ]);
    w.clock.advance(60_000);
    return { ...w, A, B };
  }

  const keys = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((r: { key: string }) => r.key);
  };

  describe('writes on another tenant’s resource are refused, change nothing, and are audited once', () => {
    const cases = (['tenant B', 'user with a role on the app'] as const).flatMap((actor) => WRITES.map((route) => ({ actor, route })));

    for (const { actor, route } of cases) it(`${actor}: ${route.label}`, () => refused(actor, route), REFUSAL_TIMEOUT);

    async function refused(actor: Actor, route: WriteRoute): Promise<void> {
      const w = await setup();
      const as = actor === 'tenant B' ? w.B : w.api.as(w.users.pat);
      const actorName = actor === 'tenant B' ? 'tenant:kube' : 'user:pat';
      const before = await snapshotTables(w.handle);
      const auditBefore = (await auditRows(w.handle)).length;
      const eventsBefore = (await eventTypes(w.handle)).length;

      const res = await route.send(as);

      if (route.bulk) {
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 0, deleted: 0, attached: 0, detached: 0 });
        expect(res.json().rejected.map((r: { index: number; key: string; code: string }) => [r.index, r.key, r.code])).toEqual([
          [0, route.resource, 'resource_not_owned'],
        ]);
      } else {
        expectError(res, 403, 'resource_not_owned', { resource: route.resource });
      }
      expect(await snapshotTables(w.handle)).toEqual(before);
      const written = (await auditRows(w.handle)).slice(auditBefore);
      expect(
        written.map(({ actor, action, entityType, entityId, entityKey, after }) => ({
          actor,
          action,
          entityType,
          entityId,
          entityKey,
          after,
        })),
      ).toEqual([
        {
          actor: actorName,
          action: 'refused',
          entityType: 'resource',
          entityId: route.resource,
          entityKey: route.resource,
          after: { attempted: route.attempted, resources: [route.resource], count: 1 },
        },
      ]);
      expect((await eventTypes(w.handle)).slice(eventsBefore)).toEqual(['resource.refused']);
    }
  });

  it("keeps tenant B's own items of a mixed bulk call and refuses only A's, in one refusal naming them", async () => {
    const w = await setup();
    const res = await w.B.put('/api/v1/resources', {
      items: [
        { type: 'container', externalId: 'pod-2' },
        { type: 'mysql', externalId: 'db-1', name: 'mine now' },
        { type: 'redis', externalId: 'cache-1', attach: [] },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1 });
    expect(res.json().rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'resource_not_owned'],
      [2, 'resource_not_owned'],
    ]);
    const refused = (await auditRows(w.handle)).filter((r) => r.action === 'refused');
    expect(refused.map((r) => [r.actor, r.entityId, r.entityKey, r.after])).toEqual([
      [
        'tenant:kube',
        '2 resources',
        'mysql/db-1,redis/cache-1',
        { attempted: 'upsert', resources: ['mysql/db-1', 'redis/cache-1'], count: 2 },
      ],
    ]);
    expect(await getResource(w.api, 'mysql/db-1')).toMatchObject({ name: 'db-1', version: 1 });
    expect((await getResource(w.api, 'redis/cache-1')).attachments).toHaveLength(1);
  });

  it('lets the owning tenant and an admin change the resource (the refusals above are about ownership)', async () => {
    const w = await setup();
    expect((await w.A.post('/api/v1/resources/mysql/db-2/attach', { appid: API, env: 'PROD' })).statusCode).toBe(200);
    expect((await w.api.post('/api/v1/resources/mysql/db-2/detach', {})).statusCode).toBe(200);
    expect((await w.api.delete('/api/v1/resources/lb/lb-1')).statusCode).toBe(204);
    expect((await w.A.delete('/api/v1/resources/mysql/db-2')).statusCode).toBe(204);
    expect((await auditRows(w.handle)).filter((r) => r.action === 'refused')).toEqual([]);
  });

  describe('reads', () => {
    it("hides A's resources from tenant B: GET and history are 404, as for a missing one", async () => {
      const w = await setup();
      for (const url of [
        '/api/v1/resources/mysql/db-1',
        '/api/v1/resources/mysql/db-2',
        '/api/v1/resources/mysql/db-1/history',
        '/api/v1/resources/mysql/db-1/history?at=2026-11-26T09:00:00Z',
      ]) {
        expectError(await w.B.get(url), 404, 'resource_not_found');
      }
      expect((await w.B.get('/api/v1/resources/container/pod-1')).statusCode).toBe(200);
    });

    it("leaves A's resources out of every list tenant B asks for", async () => {
      const w = await setup();
      expect(keys(await w.B.get('/api/v1/resources'))).toEqual(['container/pod-1', 'lb/lb-1']);
      expect(keys(await w.B.get('/api/v1/resources?scope=pay'))).toEqual(['container/pod-1']);
      expect(keys(await w.B.get(`/api/v1/resources?scope=${API}`))).toEqual([]);
      expect(keys(await w.B.get('/api/v1/resources?type=mysql'))).toEqual([]);
      expect(keys(await w.B.get('/api/v1/resources?deleted=true&attached=false'))).toEqual(['lb/lb-1']);
    });

    it('answers tenant B an empty list when it filters on tenant A (the filter is not dropped)', async () => {
      const w = await setup();
      expect(keys(await w.B.get('/api/v1/resources?tenant=dba'))).toEqual([]);
      expect(keys(await w.B.get('/api/v1/resources?scope=pay&tenant=dba'))).toEqual([]);
    });

    it("leaves A's types out of the inventory tenant B sees", async () => {
      const w = await setup();
      const res = await w.B.get('/api/v1/inventory?groupBy=type,tenant');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        scope: null,
        groups: [{ group: { type: 'container', tenant: 'kube' }, resources: 1, capacity: { cpu: 2 } }],
        unattached: [{ type: 'lb', resources: 1 }],
      });
      const scoped = await w.B.get(`/api/v1/inventory?scope=${API}&groupBy=type`);
      expect(scoped.json()).toEqual({ scope: API, groups: [], unattached: [] });
      const admin = await w.api.get('/api/v1/inventory?groupBy=tenant');
      expect(admin.json().groups.map((g: { group: { tenant: string } }) => g.group.tenant)).toEqual(['dba', 'kube']);
    });

    it('shows a user the resources attached to an app they hold a role on, and nothing else', async () => {
      const w = await setup();
      const pat = w.api.as(w.users.pat);
      expect((await pat.get('/api/v1/resources/mysql/db-1')).json()).toMatchObject({ key: 'mysql/db-1', tenant: 'dba' });
      expect((await pat.get('/api/v1/resources/mysql/db-1/history')).statusCode).toBe(200);
      for (const key of ['mysql/db-2', 'redis/cache-1', 'container/pod-1', 'lb/lb-1']) {
        expectError(await pat.get(`/api/v1/resources/${key}`), 404, 'resource_not_found');
      }
      expect(keys(await pat.get('/api/v1/resources'))).toEqual(['mysql/db-1']);
      expect(keys(await pat.get('/api/v1/resources?scope=pay'))).toEqual(['mysql/db-1']);
      expect(keys(await pat.get('/api/v1/resources?scope=pay&type=container'))).toEqual([]);
      expect(keys(await pat.get('/api/v1/resources?attached=false'))).toEqual([]);
    });

    it('shows a user with a role on a domain the resources attached anywhere below it', async () => {
      const w = await setup();
      const sam = w.api.as(w.users.sam);
      expect((await sam.get('/api/v1/resources/redis/cache-1')).statusCode).toBe(200);
      expectError(await sam.get('/api/v1/resources/mysql/db-1'), 404, 'resource_not_found');
      expect(keys(await sam.get('/api/v1/resources'))).toEqual(['redis/cache-1']);
    });

    it('shows a user without any role no resource at all', async () => {
      const w = await setup();
      const nobody = w.api.as(w.users.nobody);
      for (const key of ['mysql/db-1', 'redis/cache-1', 'container/pod-1']) {
        expectError(await nobody.get(`/api/v1/resources/${key}`), 404, 'resource_not_found');
      }
      expect(keys(await nobody.get('/api/v1/resources'))).toEqual([]);
      expect(keys(await nobody.get('/api/v1/resources?scope=pay'))).toEqual([]);
    });

    it('stops showing a user a resource once it is detached from their app', async () => {
      const w = await setup();
      await w.A.post('/api/v1/resources/mysql/db-1/detach', {});
      expectError(await w.api.as(w.users.pat).get('/api/v1/resources/mysql/db-1'), 404, 'resource_not_found');
      expect(keys(await w.api.as(w.users.pat).get('/api/v1/resources'))).toEqual([]);
    });

    it('shows an admin every resource', async () => {
      const w = await setup();
      expect(keys(await w.api.get('/api/v1/resources'))).toEqual([
        'mysql/db-1',
        'mysql/db-2',
        'redis/cache-1',
        'container/pod-1',
        'lb/lb-1',
      ]);
      for (const key of ['mysql/db-2', 'lb/lb-1']) expect((await w.api.get(`/api/v1/resources/${key}`)).statusCode).toBe(200);
    });
  });
});
