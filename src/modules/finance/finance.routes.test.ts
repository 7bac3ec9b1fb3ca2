import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory } from '../../../test/factories.ts';
import { type Client, expectError, expectNoChange, expectOneChange, httpClient } from '../../../test/tree-helpers.ts';
import { fixedClock } from '../../shared/clock.ts';

const T0 = '2026-11-26T09:00:00.000Z';

describeEachDialect('finance routes', (db) => {
  async function setup(): Promise<{ f: Factory; c: Client; clock: ReturnType<typeof fixedClock> }> {
    const clock = fixedClock(T0);
    const f = factory(db(), { clock });
    const admin = await f.userWithToken('root', { isAdmin: true });
    return { f, c: await httpClient(f, admin.auth), clock };
  }

  /** company → (retail → web-shop), (platform) */
  async function orgTree(c: Client) {
    for (const body of [
      { name: 'company', title: 'ACME Inc.' },
      { name: 'retail', parent: 'company' },
      { name: 'web-shop', parent: 'retail' },
      { name: 'platform', parent: 'company' },
    ]) {
      expect((await c.post('/api/v1/orgs', body)).statusCode).toBe(201);
    }
  }

  const names = (res: { json(): { items: Array<{ name: string }> } }) => res.json().items.map((i) => i.name);

  describe('orgs', () => {
    it('creates orgs as a tree: each names its parent', async () => {
      const { c } = await setup();
      await orgTree(c);
      expect((await c.get('/api/v1/orgs/company')).json()).toEqual({
        name: 'company',
        title: 'ACME Inc.',
        parent: null,
        createdAt: T0,
        updatedAt: T0,
      });
      expect((await c.get('/api/v1/orgs/web-shop')).json()).toEqual({
        name: 'web-shop',
        title: 'web-shop',
        parent: 'retail',
        createdAt: T0,
        updatedAt: T0,
      });
      const list = await c.get('/api/v1/orgs');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((o: { name: string; parent: string | null }) => [o.name, o.parent])).toEqual([
        ['company', null],
        ['platform', 'company'],
        ['retail', 'company'],
        ['web-shop', 'retail'],
      ]);
      expect(list.json().nextCursor).toBeNull();
    });

    it('pages orgs by name', async () => {
      const { c } = await setup();
      await orgTree(c);
      const first = await c.get('/api/v1/orgs?limit=3');
      expect(names(first)).toEqual(['company', 'platform', 'retail']);
      const second = await c.get(`/api/v1/orgs?limit=3&cursor=${first.json().nextCursor}`);
      expect(names(second)).toEqual(['web-shop']);
      expect(second.json().nextCursor).toBeNull();
    });

    it('refuses a duplicate org with 409 org_exists, an unknown parent with 400 unknown_org and a bad name with 400 invalid_name', async () => {
      const { c } = await setup();
      await orgTree(c);
      expectError(await c.post('/api/v1/orgs', { name: 'retail' }), 409, 'org_exists', { org: 'retail' });
      expectError(await c.post('/api/v1/orgs', { name: 'stray', parent: 'nowhere' }), 400, 'unknown_org', {
        field: 'parent',
        value: 'nowhere',
      });
      const bad = await c.post('/api/v1/orgs', { name: 'Retail2' });
      expectError(bad, 400, 'invalid_name');
      expect(bad.json().error.details).toMatchObject({ field: 'name', value: 'Retail2', rule: 'pattern' });
      expectError(await c.get('/api/v1/orgs/nowhere'), 404, 'org_not_found', { org: 'nowhere' });
    });

    it('moves an org under another and back to the top', async () => {
      const { c, clock } = await setup();
      await orgTree(c);
      clock.advance(5000);
      const moved = await c.patch('/api/v1/orgs/web-shop', { parent: 'platform', title: 'Web shop' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toEqual({
        name: 'web-shop',
        title: 'Web shop',
        parent: 'platform',
        createdAt: T0,
        updatedAt: '2026-11-26T09:00:05.000Z',
      });
      const top = await c.patch('/api/v1/orgs/web-shop', { parent: null });
      expect(top.json()).toMatchObject({ name: 'web-shop', title: 'Web shop', parent: null });
    });

    it('refuses to move an org under itself or its own descendant with 400 org_cycle, changing nothing', async () => {
      const { c } = await setup();
      await orgTree(c);
      await expectNoChange(db().db, async () => {
        expectError(await c.patch('/api/v1/orgs/company', { parent: 'web-shop' }), 400, 'org_cycle', { field: 'parent' });
        expectError(await c.patch('/api/v1/orgs/retail', { parent: 'web-shop' }), 400, 'org_cycle', { field: 'parent' });
        expectError(await c.patch('/api/v1/orgs/retail', { parent: 'retail' }), 400, 'org_cycle', { field: 'parent' });
      });
      expect((await c.get('/api/v1/orgs/company')).json().parent).toBeNull();
      expect((await c.get('/api/v1/orgs/retail')).json().parent).toBe('company');
    });

    it('refuses to delete an org with child orgs or products with 409 node_not_empty naming them, then deletes it once empty', async () => {
      const { f, c } = await setup();
      await orgTree(c);
      expect((await c.post('/api/v1/products', { name: 'loyalty', org: 'retail' })).statusCode).toBe(201);
      expectError(await c.delete('/api/v1/orgs/retail'), 409, 'node_not_empty', { orgs: ['web-shop'], products: ['loyalty'] });
      expectError(await c.delete('/api/v1/orgs/company'), 409, 'node_not_empty', { orgs: ['platform', 'retail'], products: [] });
      expect((await c.delete('/api/v1/orgs/web-shop')).statusCode).toBe(204);
      expectError(await c.delete('/api/v1/orgs/retail'), 409, 'node_not_empty', { orgs: [], products: ['loyalty'] });
      await f.s.finance.deleteProduct(f.ctx, 'loyalty');
      const deleted = await c.delete('/api/v1/orgs/retail');
      expect({ status: deleted.statusCode, body: deleted.body }).toEqual({ status: 204, body: '' });
      expectError(await c.get('/api/v1/orgs/retail'), 404, 'org_not_found', { org: 'retail' });
    });
  });

  describe('products', () => {
    it('creates products in orgs and lists them, optionally by org', async () => {
      const { c } = await setup();
      await orgTree(c);
      const created = await c.post('/api/v1/products', { name: 'loyalty', title: 'Loyalty points', org: 'retail' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual({ name: 'loyalty', title: 'Loyalty points', org: 'retail', createdAt: T0, updatedAt: T0 });
      expect((await c.post('/api/v1/products', { name: 'checkout', org: 'web-shop' })).statusCode).toBe(201);
      expect((await c.post('/api/v1/products', { name: 'compute', org: 'platform' })).statusCode).toBe(201);
      expect((await c.get('/api/v1/products/checkout')).json()).toEqual({
        name: 'checkout',
        title: 'checkout',
        org: 'web-shop',
        createdAt: T0,
        updatedAt: T0,
      });
      expect(names(await c.get('/api/v1/products'))).toEqual(['checkout', 'compute', 'loyalty']);
      expect(names(await c.get('/api/v1/products?org=retail'))).toEqual(['loyalty']);
      expect(names(await c.get('/api/v1/products?org=company'))).toEqual([]);
      const paged = await c.get('/api/v1/products?limit=2');
      expect(names(paged)).toEqual(['checkout', 'compute']);
      expect(names(await c.get(`/api/v1/products?limit=2&cursor=${paged.json().nextCursor}`))).toEqual(['loyalty']);
    });

    it('refuses a duplicate product with 409 product_exists and an unknown org with 400 unknown_org', async () => {
      const { c } = await setup();
      await orgTree(c);
      expect((await c.post('/api/v1/products', { name: 'loyalty', org: 'retail' })).statusCode).toBe(201);
      expectError(await c.post('/api/v1/products', { name: 'loyalty', org: 'platform' }), 409, 'product_exists', { product: 'loyalty' });
      expectError(await c.post('/api/v1/products', { name: 'orphan', org: 'nowhere' }), 400, 'unknown_org', {
        field: 'org',
        value: 'nowhere',
      });
      expectError(await c.get('/api/v1/products?org=nowhere'), 400, 'unknown_org', { field: 'org', value: 'nowhere' });
      expectError(await c.get('/api/v1/products/orphan'), 404, 'product_not_found', { product: 'orphan' });
    });

    it('moves a product to another org, and the apps of its businesses report the new org', async () => {
      const { f, c } = await setup();
      await orgTree(c);
      expect((await c.post('/api/v1/products', { name: 'loyalty', org: 'retail' })).statusCode).toBe(201);
      await f.domain('shop');
      await f.business({ domain: 'shop', name: 'points', product: 'loyalty' });
      await f.app({ business: 'shop.points', name: 'api' });
      expect((await c.get('/api/v1/apps/shop.points.api')).json()).toMatchObject({ product: 'loyalty', org: 'retail' });
      const moved = await c.patch('/api/v1/products/loyalty', { org: 'platform', title: 'Loyalty' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ name: 'loyalty', title: 'Loyalty', org: 'platform' });
      expect((await c.get('/api/v1/apps/shop.points.api')).json()).toMatchObject({ product: 'loyalty', org: 'platform' });
    });

    it('refuses to delete a product named by businesses with 409 node_not_empty naming them, then deletes it once free', async () => {
      const { f, c } = await setup();
      await orgTree(c);
      expect((await c.post('/api/v1/products', { name: 'loyalty', org: 'retail' })).statusCode).toBe(201);
      expect((await c.post('/api/v1/products', { name: 'compute', org: 'platform' })).statusCode).toBe(201);
      await f.domain('shop');
      await f.domain('ops');
      await f.business({ domain: 'shop', name: 'points', product: 'loyalty' });
      await f.business({ domain: 'ops', name: 'rewards', product: 'loyalty' });
      expectError(await c.delete('/api/v1/products/loyalty'), 409, 'node_not_empty', { businesses: ['ops.rewards', 'shop.points'] });
      await f.s.nodes.updateBusiness(f.ctx, 'shop.points', { product: 'compute' });
      await f.s.nodes.deleteBusiness(f.ctx, 'ops.rewards');
      expect((await c.delete('/api/v1/products/loyalty')).statusCode).toBe(204);
      expectError(await c.get('/api/v1/products/loyalty'), 404, 'product_not_found');
    });
  });

  describe('audit', () => {
    it('writes one audit row and one outbox event per org and product change', async () => {
      const { c } = await setup();
      await orgTree(c);
      const d = db().db;
      const created = await expectOneChange(d, 'product.created', () => c.post('/api/v1/products', { name: 'loyalty', org: 'retail' }));
      expect(created.audit).toMatchObject({ actor: 'user:root', entityType: 'product', entityKey: 'loyalty' });
      await expectOneChange(d, 'product.updated', () => c.patch('/api/v1/products/loyalty', { org: 'platform' }));
      await expectOneChange(d, 'product.deleted', () => c.delete('/api/v1/products/loyalty'));
      await expectOneChange(d, 'org.created', () => c.post('/api/v1/orgs', { name: 'labs', parent: 'company' }));
      await expectOneChange(d, 'org.updated', () => c.patch('/api/v1/orgs/labs', { parent: null }));
      await expectOneChange(d, 'org.deleted', () => c.delete('/api/v1/orgs/labs'));
      await expectNoChange(d, () => c.post('/api/v1/orgs', { name: 'retail' }));
      await expectNoChange(d, () => c.delete('/api/v1/orgs/company'));
    });
  });
});
