import { describe, expect, it } from 'vitest';
import { inventoryRows, recomputedInventory, resourceState, seedResources } from '../../../test/batch-helpers.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type ResourceWorld, resourceWorld, snapshotTables, upsertOk } from '../../../test/resource-helpers.ts';
import { expectError } from '../../../test/tree-helpers.ts';

const B = '/api/v1/batches';
const MIGRATE = { scope: 'pay.checkout', filter: { env: 'PROD' }, action: 'migrate', params: { toAppid: 'ops.infra.agent' } };

describeEachDialect('batch routes', (db) => {
  async function world(): Promise<ResourceWorld> {
    const w = await resourceWorld(db());
    await seedResources(w);
    return w;
  }

  describe('run, read, revert', () => {
    it('answers a dry run with 200 and the changes, then applies with 201, the same changes and a batch id', async () => {
      const { api } = await world();
      const dry = await api.post(B, { ...MIGRATE, dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ id: null, dryRun: true, action: 'migrate', scope: 'pay.checkout' });
      expect(dry.json().changes.map((c: { resource: string; op: string }) => `${c.op} ${c.resource}`)).toEqual([
        'migrate mysql/m1',
        'migrate mysql/m2',
        'migrate container/c1',
      ]);

      const res = await api.post(B, MIGRATE);
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ id: expect.any(String), dryRun: false });
      expect(body.changes).toEqual(dry.json().changes);
      expect(body.summary).toEqual(dry.json().summary);

      const got = await api.get(`${B}/${body.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({
        id: body.id,
        action: 'migrate',
        scope: 'pay.checkout',
        filter: { env: 'PROD' },
        params: { toAppid: 'ops.infra.agent' },
        actor: 'user:root',
        tenant: null,
        status: 'applied',
        revertedIn: null,
        reverts: null,
        summary: body.summary,
        changes: body.changes,
      });
      const list = await api.get(`${B}?limit=10`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [expect.objectContaining({ id: body.id, summary: body.summary })], nextCursor: null });
      expect(list.json().items[0].changes).toBeUndefined();
    });

    it('reverts over HTTP (a dry run first), restoring the state, and refuses a second revert with 409', async () => {
      const w = await world();
      const before = await resourceState(w.handle);
      const { id } = (await w.api.post(B, MIGRATE)).json();
      const dry = await w.api.post(`${B}/${id}/revert`, { dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      // No body at all, as `curl -X POST …/revert` sends.
      const res = await w.api.app.inject({ method: 'POST', url: `${B}/${id}/revert`, headers: w.admin });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ id: expect.any(String), dryRun: false, action: 'revert', changes: dry.json().changes });
      expect(await resourceState(w.handle)).toEqual(before);
      expect(await inventoryRows(w.handle)).toEqual(await recomputedInventory(w.handle));
      expect((await w.api.get(`${B}/${id}`)).json()).toMatchObject({
        status: 'reverted',
        revertedBy: 'user:root',
        revertedIn: res.json().id,
      });
      expectError(await w.api.post(`${B}/${id}/revert`), 409, 'batch_already_reverted');
      expectError(await w.api.post(`${B}/${res.json().id}/revert`), 409, 'batch_not_revertible');
    });

    it('refuses a revert with 409 batch_stale naming the resource changed since, and changes nothing', async () => {
      const w = await world();
      const { id } = (await w.api.post(B, MIGRATE)).json();
      await upsertOk(w.api, [{ type: 'mysql', externalId: 'm2', labels: { touched: 'later' } }]);
      const tables = await snapshotTables(w.handle, []);
      expectError(await w.api.post(`${B}/${id}/revert`), 409, 'batch_stale');
      expect((await w.api.post(`${B}/${id}/revert`)).json().error.details.resources).toEqual(['mysql/m2']);
      expect(await snapshotTables(w.handle, [])).toEqual(tables);
    });

    it('answers 404 batch_not_found for an unknown batch', async () => {
      const { api } = await world();
      expectError(await api.get(`${B}/nope`), 404, 'batch_not_found', { batch: 'nope' });
      expectError(await api.post(`${B}/nope/revert`), 404, 'batch_not_found');
    });
  });

  describe('refusals', () => {
    it('refuses a failing item with its status and code, names it, and writes nothing', async () => {
      const w = await world();
      const tables = await snapshotTables(w.handle, []);
      const items = [
        { type: 'mysql', externalId: 'new', appid: 'pay.checkout.api', env: 'PROD' },
        { type: 'mysql', externalId: 'm1', appid: 'pay.checkout.api', env: 'PROD' },
      ];
      const res = await w.api.post(B, { scope: 'pay', action: 'create', params: { items } });
      expectError(res, 409, 'resource_exists');
      expect(res.json().error).toMatchObject({
        message: expect.stringContaining('Item 1 (mysql/m1)'),
        details: { index: 1, resource: 'mysql/m1' },
      });
      expect(await snapshotTables(w.handle, [])).toEqual(tables);
    });

    it.each([
      ['an unknown action', { scope: 'pay', action: 'explode', params: {} }, 400, 'validation_failed'],
      ['migrate without a target', { scope: 'pay', action: 'migrate', params: {} }, 400, 'validation_failed'],
      ['an unknown field', { scope: 'pay', action: 'delete', force: true }, 400, 'validation_failed'],
      [
        'a filter on create',
        { scope: 'pay', filter: { type: 'mysql' }, action: 'create', params: { items: [{ type: 'mysql', externalId: 'x', env: 'PROD' }] } },
        400,
        'filter_not_applicable',
      ],
      ['a configure that changes nothing', { scope: 'pay', action: 'configure', params: {} }, 400, 'params_empty'],
      [
        'a label both set and removed',
        { scope: 'pay', action: 'configure', params: { setLabels: { a: 'b' }, removeLabels: ['a'] } },
        400,
        'conflicting_params',
      ],
      ['an unknown type filter', { scope: 'pay', filter: { type: 'oracle' }, action: 'delete' }, 400, 'unknown_resource_type'],
      ['an unknown env filter', { scope: 'pay', filter: { env: 'MOON' }, action: 'delete' }, 400, 'unknown_environment'],
      ['an unknown tenant filter', { scope: 'pay', filter: { tenant: 'ghost' }, action: 'delete' }, 400, 'unknown_tenant'],
      ['a scope of four segments', { scope: 'a.b.c.d', action: 'delete' }, 400, 'invalid_scope'],
      ['an unknown domain', { scope: 'nowhere', action: 'delete' }, 404, 'domain_not_found'],
      ['an unknown business', { scope: 'pay.nowhere', action: 'delete' }, 404, 'business_not_found'],
      ['an unknown target app', { scope: 'pay', action: 'migrate', params: { toAppid: 'pay.checkout.nope' } }, 404, 'app_not_found'],
      [
        'a create without appid under a business',
        { scope: 'pay.checkout', action: 'create', params: { items: [{ type: 'mysql', externalId: 'x', env: 'PROD' }] } },
        400,
        'appid_required',
      ],
    ])('refuses %s and writes nothing', async (_what, body, status, code) => {
      const w = await world();
      const tables = await snapshotTables(w.handle, []);
      expectError(await w.api.post(B, body), status, code);
      expectError(await w.api.post(B, { ...body, dryRun: true }), status, code);
      expect(await snapshotTables(w.handle, [])).toEqual(tables);
    });

    it('refuses users who are not admins with 403 not_permitted, and anonymous callers with 401', async () => {
      const w = await world();
      for (const auth of [w.users.pat, w.users.nobody]) {
        expectError(await w.api.post(B, { ...MIGRATE, dryRun: true }, auth), 403, 'not_permitted');
        expectError(await w.api.get(B, auth), 403, 'not_permitted');
      }
      expectError(await w.api.post(B, MIGRATE, {}), 401, 'unauthenticated');
      expectError(await w.api.get(B, {}), 401, 'unauthenticated');
    });
  });

  describe('tenants', () => {
    it('lets a tenant batch its own resources with its token and see only its own batches', async () => {
      const w = await world();
      const kube = w.api.as(w.kube.auth);
      const res = await kube.post(B, { scope: 'pay', action: 'configure', params: { setLabels: { team: 'kube' } } });
      expect(res.statusCode, res.body).toBe(201);
      expect([...new Set(res.json().changes.map((c: { resource: string }) => c.resource))]).toEqual(['container/c1', 'lb/l1']);
      const dba = w.api.as(w.dba.auth);
      const theirs = await dba.post(B, { scope: 'ops', action: 'delete' });
      expect(theirs.statusCode, theirs.body).toBe(201);

      expect((await kube.get(B)).json().items.map((b: { id: string; tenant: string; actor: string }) => [b.id, b.tenant, b.actor])).toEqual(
        [[res.json().id, 'kube', 'tenant:kube']],
      );
      expectError(await kube.get(`${B}/${theirs.json().id}`), 404, 'batch_not_found');
      expectError(await kube.post(`${B}/${theirs.json().id}/revert`), 404, 'batch_not_found');
      expect((await w.api.get(B)).json().items).toHaveLength(2);
      const undo = await kube.post(`${B}/${res.json().id}/revert`);
      expect(undo.statusCode, undo.body).toBe(201);
    });

    it("refuses a tenant naming another tenant's type with 403 resource_not_owned, even in a dry run, and audits it", async () => {
      const w = await world();
      const kube = w.api.as(w.kube.auth);
      const tables = await snapshotTables(w.handle);
      const body = {
        scope: 'pay',
        action: 'create',
        params: { items: [{ type: 'mysql', externalId: 'theirs', appid: 'pay.checkout.api', env: 'PROD' }] },
      };
      expectError(await kube.post(B, body), 403, 'resource_not_owned', { index: 0, resource: 'mysql/theirs', resources: ['mysql/theirs'] });
      expectError(await kube.post(B, { ...body, dryRun: true }), 403, 'resource_not_owned');
      expect(await snapshotTables(w.handle)).toEqual(tables);
      const audit = await w.api.get('/api/v1/audit?actor=tenant:kube');
      const refused = audit.json().items.filter((a: { action: string }) => a.action === 'refused');
      expect(refused.map((a: { action: string; entityKey: string }) => [a.action, a.entityKey])).toEqual([
        ['refused', 'mysql/theirs'],
        ['refused', 'mysql/theirs'],
      ]);
    });

    it("leaves another tenant's resources alone when a tenant's batch covers their scope", async () => {
      const w = await world();
      const res = await w.api.as(w.dba.auth).post(B, { scope: 'pay.checkout.api', action: 'delete' });
      expect(res.statusCode, res.body).toBe(201);
      expect([...new Set(res.json().changes.map((c: { resource: string }) => c.resource))]).toEqual(['mysql/m1', 'redis/r1']);
      const c1 = await w.api.get('/api/v1/resources/container/c1');
      expect(c1.json()).toMatchObject({ status: 'active', attachments: [{ appid: 'pay.checkout.api', env: 'PROD' }] });
    });
  });

  it('documents the batch routes in the OpenAPI document', async () => {
    const { api } = await world();
    const doc = (await api.get('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith(B))).toEqual([B, `${B}/{id}`, `${B}/{id}/revert`]);
    expect(doc.paths[B].post.requestBody.content['application/json'].schema).toBeDefined();
  });
});
