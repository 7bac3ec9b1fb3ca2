import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory } from '../../../test/factories.ts';
import { snapshotTables, T0 } from '../../../test/resource-helpers.ts';
import { type Client, changeCounts, expectError, httpClient } from '../../../test/tree-helpers.ts';
import { fixedClock } from '../../shared/clock.ts';
import { hashToken } from '../auth/tokens.service.ts';

describeEachDialect('tenant routes', (db) => {
  async function setup(): Promise<{ f: Factory; c: Client; clock: ReturnType<typeof fixedClock>; admin: Record<string, string> }> {
    const clock = fixedClock(T0);
    const f = factory(db(), { clock });
    const admin = await f.userWithToken('root', { isAdmin: true });
    const c = await httpClient(f, admin.auth);
    return { f, c, clock, admin: admin.auth };
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function createTenant(c: Client, name: string) {
    const res = await c.post('/api/v1/tenants', { name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { tenant: { name: string }; token: { id: string; name: string; token: string; createdAt: string } };
  }

  describe('creating tenants', () => {
    it('lets an admin create a tenant and returns its token once', async () => {
      const { c } = await setup();
      const res = await c.post('/api/v1/tenants', { name: 'dba', title: 'DBA team' });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toEqual({
        tenant: { name: 'dba', title: 'DBA team', types: [], createdAt: T0, updatedAt: T0 },
        token: { id: expect.any(String), name: 'initial', token: expect.stringMatching(/^amt_[A-Za-z0-9_-]{43}$/), createdAt: T0 },
      });
      const again = await c.get('/api/v1/tenants/dba');
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ name: 'dba', title: 'DBA team', types: [], createdAt: T0, updatedAt: T0 });
      expect(again.body).not.toContain(body.token.token);
    });

    it('stores the tenant token only as its hash: the secret is in no table', async () => {
      const { f, c } = await setup();
      const { token } = await createTenant(c, 'dba');
      const rows = await f.s.deps.db.selectFrom('tokens').selectAll().where('id', '=', token.id).execute();
      expect(rows.map((r) => [r.principal_type, r.name, r.token_hash, r.revoked_at])).toEqual([
        ['tenant', 'initial', hashToken(token.token), null],
      ]);
      const everything = JSON.stringify(await snapshotTables(db(), []));
      expect(everything).not.toContain(token.token);
      expect(everything).not.toContain(token.token.slice(4));
    });

    it('audits the tenant and its first token', async () => {
      const { f, c } = await setup();
      const before = await changeCounts(f.s.deps.db);
      await createTenant(c, 'dba');
      const rows = await f.s.deps.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'entity_type', 'entity_key'])
        .orderBy('id')
        .offset(before.audit)
        .limit(10)
        .execute();
      expect(rows).toEqual([
        { actor: 'user:root', action: 'created', entity_type: 'tenant', entity_key: 'dba' },
        { actor: 'user:root', action: 'created', entity_type: 'token', entity_key: 'tenant:dba' },
      ]);
    });

    it('lets the tenant token authenticate as the tenant (GET /me says kind tenant)', async () => {
      const { c } = await setup();
      const { token } = await createTenant(c, 'dba');
      const me = await c.get('/api/v1/me', bearer(token.token));
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ kind: 'tenant', name: 'dba', isAdmin: false, teams: [] });
    });

    it('refuses a second tenant with the same name (409 tenant_exists)', async () => {
      const { c } = await setup();
      await createTenant(c, 'dba');
      const before = await snapshotTables(db(), []);
      expectError(await c.post('/api/v1/tenants', { name: 'dba' }), 409, 'tenant_exists');
      expect(await snapshotTables(db(), [])).toEqual(before);
    });

    it('refuses a tenant name that is not a segment (400 invalid_name)', async () => {
      const { c } = await setup();
      expectError(await c.post('/api/v1/tenants', { name: 'DBA-2' }), 400, 'invalid_name');
      expectError(await c.post('/api/v1/tenants', { name: 'dba', extra: 1 }), 400, 'validation_failed');
    });

    it('refuses non-admin users and tenants (403 admin_required) and changes nothing', async () => {
      const { f, c } = await setup();
      const pat = await f.userWithToken('pat');
      const { token } = await createTenant(c, 'dba');
      const before = await snapshotTables(db(), []);
      for (const auth of [pat.auth, bearer(token.token)]) {
        expectError(await c.post('/api/v1/tenants', { name: 'cache' }, auth), 403, 'admin_required');
        expectError(await c.post('/api/v1/resource-types', { name: 'redis', tenant: 'dba' }, auth), 403, 'admin_required');
        expectError(await c.post('/api/v1/tenants/dba/tokens', { name: 'mine' }, auth), 403, 'admin_required');
      }
      expect(await snapshotTables(db(), [])).toEqual(before);
    });

    it('refuses callers without a valid token (401)', async () => {
      const { c } = await setup();
      expectError(await c.post('/api/v1/tenants', { name: 'dba' }, {}), 401, 'unauthenticated');
      expectError(await c.get('/api/v1/tenants', bearer('amt_not-a-real-token')), 401, 'unauthenticated');
    });
  });

  describe('resource types', () => {
    it('creates resource types with their capacity dimensions and lists them to any principal', async () => {
      const { f, c } = await setup();
      const { token } = await createTenant(c, 'dba');
      await createTenant(c, 'kube');
      const mysql = await c.post('/api/v1/resource-types', {
        name: 'mysql',
        tenant: 'dba',
        title: 'MySQL',
        dimensions: [{ name: 'storage', unit: 'GiB' }],
      });
      expect(mysql.statusCode).toBe(201);
      expect(mysql.json()).toEqual({
        name: 'mysql',
        tenant: 'dba',
        title: 'MySQL',
        dimensions: [{ name: 'storage', unit: 'GiB' }],
        createdAt: T0,
      });
      const container = await c.post('/api/v1/resource-types', {
        name: 'container',
        tenant: 'kube',
        dimensions: [
          { name: 'cpu', unit: 'cores' },
          { name: 'memory', unit: 'GiB' },
        ],
      });
      expect(container.statusCode).toBe(201);
      const lb = await c.post('/api/v1/resource-types', { name: 'lb', tenant: 'kube' });
      expect(lb.json()).toEqual({ name: 'lb', tenant: 'kube', title: 'lb', dimensions: [], createdAt: T0 });

      const pat = await f.userWithToken('pat');
      for (const auth of [undefined, pat.auth, bearer(token.token)]) {
        const list = await c.get('/api/v1/resource-types', auth);
        expect(list.statusCode).toBe(200);
        expect(
          list.json().items.map((t: { name: string; tenant: string; dimensions: unknown[] }) => [t.name, t.tenant, t.dimensions]),
        ).toEqual([
          [
            'container',
            'kube',
            [
              { name: 'cpu', unit: 'cores' },
              { name: 'memory', unit: 'GiB' },
            ],
          ],
          ['lb', 'kube', []],
          ['mysql', 'dba', [{ name: 'storage', unit: 'GiB' }]],
        ]);
      }
      expect((await c.get('/api/v1/tenants/kube')).json().types).toEqual(['container', 'lb']);
      expect((await c.get('/api/v1/tenants/dba')).json().types).toEqual(['mysql']);
    });

    it('refuses a duplicate resource type, even for another tenant (409 resource_type_exists)', async () => {
      const { c } = await setup();
      await createTenant(c, 'dba');
      await createTenant(c, 'kube');
      expect((await c.post('/api/v1/resource-types', { name: 'mysql', tenant: 'dba' })).statusCode).toBe(201);
      const before = await snapshotTables(db(), []);
      expectError(await c.post('/api/v1/resource-types', { name: 'mysql', tenant: 'dba' }), 409, 'resource_type_exists');
      expectError(await c.post('/api/v1/resource-types', { name: 'mysql', tenant: 'kube' }), 409, 'resource_type_exists');
      expect(await snapshotTables(db(), [])).toEqual(before);
    });

    it('refuses a type for an unknown tenant (400 unknown_tenant)', async () => {
      const { c } = await setup();
      expectError(await c.post('/api/v1/resource-types', { name: 'mysql', tenant: 'nobody' }), 400, 'unknown_tenant', { field: 'tenant' });
      expect((await c.get('/api/v1/resource-types')).json().items).toEqual([]);
    });

    it('refuses bad type names and dimensions with 400', async () => {
      const { c } = await setup();
      await createTenant(c, 'dba');
      expectError(await c.post('/api/v1/resource-types', { name: 'MySQL', tenant: 'dba' }), 400, 'invalid_name');
      expectError(await c.post('/api/v1/resource-types', { name: '9s', tenant: 'dba' }), 400, 'invalid_name');
      expectError(
        await c.post('/api/v1/resource-types', {
          name: 'mysql',
          tenant: 'dba',
          dimensions: [
            { name: 'storage', unit: 'GiB' },
            { name: 'storage', unit: 'TiB' },
          ],
        }),
        400,
        'duplicate_dimension',
      );
      expectError(
        await c.post('/api/v1/resource-types', { name: 'mysql', tenant: 'dba', dimensions: [{ name: 'Storage', unit: 'GiB' }] }),
        400,
        'validation_failed',
      );
      expect((await c.get('/api/v1/resource-types')).json().items).toEqual([]);
    });
  });

  describe('reading tenants', () => {
    it('shows an admin every tenant, ordered by name', async () => {
      const { c } = await setup();
      for (const name of ['kube', 'dba', 'cache']) await createTenant(c, name);
      const res = await c.get('/api/v1/tenants');
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((t: { name: string }) => t.name)).toEqual(['cache', 'dba', 'kube']);
    });

    it('shows a tenant only itself, and another tenant is 404', async () => {
      const { c } = await setup();
      const { token } = await createTenant(c, 'dba');
      await createTenant(c, 'kube');
      const auth = bearer(token.token);
      const list = await c.get('/api/v1/tenants', auth);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [{ name: 'dba', title: 'dba', types: [], createdAt: T0, updatedAt: T0 }] });
      expect((await c.get('/api/v1/tenants/dba', auth)).statusCode).toBe(200);
      expectError(await c.get('/api/v1/tenants/kube', auth), 404, 'tenant_not_found', { tenant: 'kube' });
      expectError(await c.get('/api/v1/tenants/ghost', auth), 404, 'tenant_not_found', { tenant: 'ghost' });
    });

    it('refuses non-admin users (403 admin_required)', async () => {
      const { f, c } = await setup();
      await createTenant(c, 'dba');
      const pat = await f.userWithToken('pat');
      expectError(await c.get('/api/v1/tenants', pat.auth), 403, 'admin_required');
      expectError(await c.get('/api/v1/tenants/dba', pat.auth), 403, 'admin_required');
    });

    it('answers 404 tenant_not_found for an unknown tenant', async () => {
      const { c } = await setup();
      expectError(await c.get('/api/v1/tenants/ghost'), 404, 'tenant_not_found');
    });
  });

  describe('token rotation', () => {
    it('issues a second token that works alongside the first until the first is revoked', async () => {
      const { c, clock } = await setup();
      const { token: first } = await createTenant(c, 'dba');
      clock.advance(60_000);
      const issued = await c.post('/api/v1/tenants/dba/tokens', { name: 'rotated-at-noon' });
      expect(issued.statusCode).toBe(201);
      const second = issued.json();
      expect(second).toEqual({
        id: expect.any(String),
        name: 'rotated-at-noon',
        token: expect.stringMatching(/^amt_/),
        createdAt: '2026-11-26T09:01:00.000Z',
      });
      expect(second.token).not.toBe(first.token);
      for (const t of [first.token, second.token]) expect((await c.get('/api/v1/me', bearer(t))).json().name).toBe('dba');

      expect((await c.delete(`/api/v1/tokens/${first.id}`)).statusCode).toBe(204);
      expectError(await c.get('/api/v1/me', bearer(first.token)), 401, 'unauthenticated');
      const me = await c.get('/api/v1/me', bearer(second.token));
      expect(me.json()).toEqual({ kind: 'tenant', name: 'dba', isAdmin: false, teams: [] });
    });

    it('names a rotated token "rotated" by default', async () => {
      const { c } = await setup();
      await createTenant(c, 'dba');
      const issued = await c.post('/api/v1/tenants/dba/tokens', {});
      expect(issued.statusCode).toBe(201);
      expect(issued.json().name).toBe('rotated');
    });

    it('answers 404 tenant_not_found when rotating the token of an unknown tenant', async () => {
      const { c } = await setup();
      const before = await snapshotTables(db(), []);
      expectError(await c.post('/api/v1/tenants/ghost/tokens', {}), 404, 'tenant_not_found');
      expect(await snapshotTables(db(), [])).toEqual(before);
    });
  });
});
