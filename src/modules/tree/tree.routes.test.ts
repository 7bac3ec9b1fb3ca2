import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory } from '../../../test/factories.ts';
import { type Client, changeCounts, expectError, httpClient } from '../../../test/tree-helpers.ts';
import { fixedClock } from '../../shared/clock.ts';

const T0 = '2026-11-26T09:00:00.000Z';

describeEachDialect('tree routes', (db, dialect) => {
  /** An admin with a real bearer token, org `money` → product `payments`, and the HTTP app. */
  async function setup(): Promise<{ f: Factory; c: Client; clock: ReturnType<typeof fixedClock>; auth: Record<string, string> }> {
    const clock = fixedClock(T0);
    const f = factory(db(), { clock });
    const admin = await f.userWithToken('root', { isAdmin: true });
    const c = await httpClient(f, admin.auth);
    await f.org('money');
    await f.product('payments', 'money');
    return { f, c, clock, auth: admin.auth };
  }

  /** domain `pay` with businesses `checkout` and `billing`, created over HTTP. */
  async function payTree(c: Client) {
    expect((await c.post('/api/v1/domains', { name: 'pay' })).statusCode).toBe(201);
    for (const name of ['checkout', 'billing']) {
      expect((await c.post('/api/v1/businesses', { domain: 'pay', name, product: 'payments' })).statusCode).toBe(201);
    }
  }

  const createApp = async (c: Client, business: string, name: string, extra: Record<string, unknown> = {}) => {
    const res = await c.post('/api/v1/apps', { business, name, ...extra });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  const listAppids = async (c: Client, query: string) => {
    const res = await c.get(`/api/v1/apps?limit=1000${query ? `&${query}` : ''}`);
    expect(res.statusCode).toBe(200);
    return res.json().items.map((a: { appid: string }) => a.appid);
  };

  const auditOf = async (c: Client, entity: string) => {
    const res = await c.get(`/api/v1/audit?entity=${encodeURIComponent(entity)}`);
    expect(res.statusCode).toBe(200);
    return res.json().items.map((r: { action: string; entityKey: string }) => [r.action, r.entityKey]);
  };

  describe('creating nodes', () => {
    it('creates a domain, a business and an app, answering 201 with the appid domain.business.app', async () => {
      const { c } = await setup();
      const domain = await c.post('/api/v1/domains', { name: 'pay', title: 'Payments', description: 'Money in and out' });
      expect(domain.statusCode).toBe(201);
      expect(domain.json()).toEqual({
        name: 'pay',
        title: 'Payments',
        description: 'Money in and out',
        people: {},
        businessCount: 0,
        appCount: 0,
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
      });
      const business = await c.post('/api/v1/businesses', { domain: 'pay', name: 'checkout', product: 'payments', title: 'Checkout' });
      expect(business.statusCode).toBe(201);
      expect(business.json()).toEqual({
        key: 'pay.checkout',
        domain: 'pay',
        name: 'checkout',
        title: 'Checkout',
        description: '',
        product: 'payments',
        people: {},
        appCount: 0,
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
      });
      const app = await c.post('/api/v1/apps', { business: 'pay.checkout', name: 'api' });
      expect(app.statusCode).toBe(201);
      expect(app.json()).toEqual({
        appid: 'pay.checkout.api',
        domain: 'pay',
        business: 'pay.checkout',
        name: 'api',
        title: 'api',
        description: '',
        type: 'service',
        level: 'L2',
        assurance: '5x8',
        lifecycle: 'developing',
        product: 'payments',
        org: 'money',
        labels: {},
        runtime: {},
        people: {},
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
      });
      const got = await c.get('/api/v1/apps/pay.checkout.api');
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual({ ...app.json(), requestedAs: null });
    });

    it('refuses duplicates with 409 app_exists, business_exists and domain_exists', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      expectError(await c.post('/api/v1/apps', { business: 'pay.checkout', name: 'api' }), 409, 'app_exists', {
        appid: 'pay.checkout.api',
      });
      expectError(await c.post('/api/v1/businesses', { domain: 'pay', name: 'checkout', product: 'payments' }), 409, 'business_exists', {
        business: 'pay.checkout',
      });
      expectError(await c.post('/api/v1/domains', { name: 'pay' }), 409, 'domain_exists', { domain: 'pay' });
    });

    it('refuses an app in an unknown business with 404 business_not_found', async () => {
      const { c } = await setup();
      await payTree(c);
      expectError(await c.post('/api/v1/apps', { business: 'pay.nowhere', name: 'api' }), 404, 'business_not_found', {
        business: 'pay.nowhere',
        field: 'business',
      });
    });

    it('refuses a business naming an unknown product with 400 unknown_product', async () => {
      const { c } = await setup();
      await payTree(c);
      expectError(await c.post('/api/v1/businesses', { domain: 'pay', name: 'refunds', product: 'nothing' }), 400, 'unknown_product', {
        field: 'product',
        value: 'nothing',
      });
    });

    it('refuses a runtime in an unknown environment with 400 unknown_environment', async () => {
      const { c } = await setup();
      await payTree(c);
      const res = await c.post('/api/v1/apps', { business: 'pay.checkout', name: 'api', runtime: { STAGING: { ports: [] } } });
      expectError(res, 400, 'unknown_environment', { field: 'runtime', unknown: ['STAGING'] });
      expectError(await c.get('/api/v1/apps/pay.checkout.api'), 404, 'app_not_found');
    });

    it('refuses people naming an unknown user or team with 400 unknown_subject', async () => {
      const { c } = await setup();
      await payTree(c);
      const res = await c.post('/api/v1/apps', {
        business: 'pay.checkout',
        name: 'api',
        people: { owner: ['root', 'ghost', 'team:phantom'] },
      });
      expectError(res, 400, 'unknown_subject', { field: 'people', missing: ['ghost', 'team:phantom'] });
    });
  });

  describe('the app record', () => {
    const body = {
      title: 'Checkout API',
      description: 'Takes the money.',
      type: 'web',
      level: 'L0',
      assurance: '7x24',
      lifecycle: 'online',
      labels: { tier: 'front', 'cost.center/id': 'cc-42' },
      runtime: {
        PROD: {
          ports: [
            { name: 'http', port: 8080, protocol: 'http' },
            { port: 9090, protocol: 'grpc' },
          ],
          healthCheck: { protocol: 'http', path: '/healthz', port: 8080 },
        },
        FAT: { ports: [{ port: 7000, protocol: 'tcp' }], healthCheck: { protocol: 'tcp', port: 7000 } },
      },
      people: { owner: ['alice', 'team:trade-dev'], developer: ['bob'], sre: ['carol'], qa: ['dave'] },
    };

    async function withPeople(f: Factory) {
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) await f.user(name);
      await f.team('trade-dev', ['bob']);
    }

    it('round-trips title, description, type, level, assurance, labels, runtime and people', async () => {
      const { f, c } = await setup();
      await payTree(c);
      await withPeople(f);
      const created = await createApp(c, 'pay.checkout', 'api', body);
      const expected = {
        appid: 'pay.checkout.api',
        domain: 'pay',
        business: 'pay.checkout',
        name: 'api',
        ...body,
        product: 'payments',
        org: 'money',
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
      };
      expect(created).toEqual(expected);
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toEqual({ ...expected, requestedAs: null });
    });

    it('fills an environment without ports with an empty port list', async () => {
      const { c } = await setup();
      await payTree(c);
      const created = await createApp(c, 'pay.checkout', 'db', { runtime: { PROD: { healthCheck: { protocol: 'tcp', port: 5432 } } } });
      expect(created.runtime).toEqual({ PROD: { ports: [], healthCheck: { protocol: 'tcp', port: 5432 } } });
    });

    it('PATCH replaces labels and runtime wholesale and only the roles given in people', async () => {
      const { f, c, clock } = await setup();
      await payTree(c);
      await withPeople(f);
      const created = await createApp(c, 'pay.checkout', 'api', body);
      clock.advance(1000);
      const res = await c.patch('/api/v1/apps/pay.checkout.api', {
        labels: { owner: 'payments' },
        runtime: { UAT: { ports: [{ port: 80, protocol: 'http' }] } },
        people: { owner: ['erin'], qa: [] },
      });
      expect(res.statusCode).toBe(200);
      const expected = {
        ...created,
        labels: { owner: 'payments' },
        runtime: { UAT: { ports: [{ port: 80, protocol: 'http' }] } },
        people: { owner: ['erin'], developer: ['bob'], sre: ['carol'] },
        updatedAt: '2026-11-26T09:00:01.000Z',
      };
      expect(res.json()).toEqual(expected);
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toEqual({ ...expected, requestedAs: null });
    });

    it('PATCH refuses an unknown environment and leaves the runtime as it was', async () => {
      const { f, c } = await setup();
      await payTree(c);
      await withPeople(f);
      await createApp(c, 'pay.checkout', 'api', body);
      const res = await c.patch('/api/v1/apps/pay.checkout.api', { runtime: { QA: { ports: [] } } });
      expectError(res, 400, 'unknown_environment', { field: 'runtime', unknown: ['QA'] });
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json().runtime).toEqual(body.runtime);
    });

    it('PATCH through an old appid changes the app it leads to', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      expect((await c.post('/api/v1/apps/pay.checkout.api/move', { name: 'gateway' })).statusCode).toBe(200);
      const res = await c.patch('/api/v1/apps/pay.checkout.api', { title: 'Gateway' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ appid: 'pay.checkout.gateway', title: 'Gateway' });
    });

    it('PATCH on a domain and a business changes title, description, product and people', async () => {
      const { f, c } = await setup();
      await payTree(c);
      await withPeople(f);
      await f.product('cards', 'money');
      const domain = await c.patch('/api/v1/domains/pay', { title: 'Payments', people: { owner: ['alice'] } });
      expect(domain.statusCode).toBe(200);
      expect(domain.json()).toMatchObject({ name: 'pay', title: 'Payments', description: '', people: { owner: ['alice'] } });
      const business = await c.patch('/api/v1/businesses/pay.checkout', {
        description: 'Carts',
        product: 'cards',
        people: { sre: ['team:trade-dev'] },
      });
      expect(business.statusCode).toBe(200);
      expect(business.json()).toMatchObject({
        key: 'pay.checkout',
        description: 'Carts',
        product: 'cards',
        people: { sre: ['team:trade-dev'] },
      });
    });
  });

  describe('moves and renames', () => {
    it('moves an app to another business and renames it; the old appid still resolves, marked by requestedAs', async () => {
      const { c, clock } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api', { labels: { tier: 'front' } });
      clock.advance(1000);
      expect((await c.patch('/api/v1/apps/pay.checkout.api', { title: 'Checkout API' })).statusCode).toBe(200);
      clock.advance(1000);
      const moved = await c.post('/api/v1/apps/pay.checkout.api/move', { business: 'pay.billing', name: 'gateway' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({
        appid: 'pay.billing.gateway',
        business: 'pay.billing',
        name: 'gateway',
        title: 'Checkout API',
        labels: { tier: 'front' },
        aliases: ['pay.checkout.api'],
      });
      expect((await c.get('/api/v1/apps/pay.billing.gateway')).json()).toEqual({ ...moved.json(), requestedAs: null });
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toEqual({ ...moved.json(), requestedAs: 'pay.checkout.api' });
      const history = [
        ['moved', 'pay.billing.gateway'],
        ['updated', 'pay.checkout.api'],
        ['created', 'pay.checkout.api'],
      ];
      expect(await auditOf(c, 'app:pay.billing.gateway')).toEqual(history);
      expect(await auditOf(c, 'app:pay.checkout.api')).toEqual(history);
    });

    it('moves a business to another domain and renames it; old keys and appids resolve and its apps keep their history', async () => {
      const { c } = await setup();
      await payTree(c);
      expect((await c.post('/api/v1/domains', { name: 'shop' })).statusCode).toBe(201);
      await createApp(c, 'pay.checkout', 'api');
      const moved = await c.post('/api/v1/businesses/pay.checkout/move', { domain: 'shop', name: 'cart' });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ key: 'shop.cart', domain: 'shop', name: 'cart', appCount: 1, aliases: ['pay.checkout'] });
      expect((await c.get('/api/v1/businesses/pay.checkout')).json()).toEqual({ ...moved.json(), requestedAs: 'pay.checkout' });
      expect((await c.get('/api/v1/businesses/shop.cart')).json().requestedAs).toBeNull();
      const app = (await c.get('/api/v1/apps/pay.checkout.api')).json();
      expect(app).toMatchObject({
        appid: 'shop.cart.api',
        business: 'shop.cart',
        aliases: ['pay.checkout.api'],
        requestedAs: 'pay.checkout.api',
      });
      expect(await auditOf(c, 'business:shop.cart')).toEqual([
        ['moved', 'shop.cart'],
        ['created', 'pay.checkout'],
      ]);
      expect(await auditOf(c, 'app:shop.cart.api')).toEqual([['created', 'pay.checkout.api']]);
    });

    it('renames a domain; the old name, business keys and appids resolve and history follows', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      const renamed = await c.post('/api/v1/domains/pay/rename', { name: 'payment' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'payment', businessCount: 2, appCount: 1, aliases: ['pay'] });
      expect((await c.get('/api/v1/domains/pay')).json()).toEqual({ ...renamed.json(), requestedAs: 'pay' });
      expect((await c.get('/api/v1/businesses/pay.billing')).json()).toMatchObject({
        key: 'payment.billing',
        aliases: ['pay.billing'],
        requestedAs: 'pay.billing',
      });
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toMatchObject({
        appid: 'payment.checkout.api',
        aliases: ['pay.checkout.api'],
        requestedAs: 'pay.checkout.api',
      });
      expect(await auditOf(c, 'domain:payment')).toEqual([
        ['renamed', 'payment'],
        ['created', 'pay'],
      ]);
      expect(await auditOf(c, 'app:payment.checkout.api')).toEqual([['created', 'pay.checkout.api']]);
    });

    it('keeps every appid of a chain of renames a → b → c resolving', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'alpha');
      expect((await c.post('/api/v1/apps/pay.checkout.alpha/move', { name: 'beta' })).statusCode).toBe(200);
      expect((await c.post('/api/v1/apps/pay.checkout.beta/move', { name: 'gamma' })).statusCode).toBe(200);
      for (const old of ['pay.checkout.alpha', 'pay.checkout.beta']) {
        expect((await c.get(`/api/v1/apps/${old}`)).json()).toMatchObject({ appid: 'pay.checkout.gamma', requestedAs: old });
      }
      expect((await c.get('/api/v1/apps/pay.checkout.gamma')).json()).toMatchObject({
        aliases: ['pay.checkout.alpha', 'pay.checkout.beta'],
        requestedAs: null,
      });
      expect(await auditOf(c, 'app:pay.checkout.alpha')).toEqual([
        ['moved', 'pay.checkout.gamma'],
        ['moved', 'pay.checkout.beta'],
        ['created', 'pay.checkout.alpha'],
      ]);
    });

    it('refuses a move onto an existing appid with 409 app_exists', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      await createApp(c, 'pay.billing', 'api');
      expectError(await c.post('/api/v1/apps/pay.checkout.api/move', { business: 'pay.billing' }), 409, 'app_exists', {
        appid: 'pay.billing.api',
      });
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toMatchObject({ appid: 'pay.checkout.api', requestedAs: null });
    });

    it('refuses a business move onto an existing key and a domain rename onto an existing name with 409', async () => {
      const { c } = await setup();
      await payTree(c);
      expect((await c.post('/api/v1/domains', { name: 'shop' })).statusCode).toBe(201);
      expectError(await c.post('/api/v1/businesses/pay.checkout/move', { name: 'billing' }), 409, 'business_exists', {
        business: 'pay.billing',
      });
      expectError(await c.post('/api/v1/domains/pay/rename', { name: 'shop' }), 409, 'domain_exists', { domain: 'shop' });
    });

    it('lets a new app created at an old appid win: GET returns the new app with requestedAs null', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api', { title: 'Old one' });
      expect((await c.post('/api/v1/apps/pay.checkout.api/move', { name: 'gateway' })).statusCode).toBe(200);
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toMatchObject({ title: 'Old one', requestedAs: 'pay.checkout.api' });
      await createApp(c, 'pay.checkout', 'api', { title: 'New one' });
      expect((await c.get('/api/v1/apps/pay.checkout.api')).json()).toMatchObject({
        appid: 'pay.checkout.api',
        title: 'New one',
        aliases: [],
        requestedAs: null,
      });
      expect((await c.get('/api/v1/apps/pay.checkout.gateway')).json()).toMatchObject({ title: 'Old one', aliases: [] });
      expect(await auditOf(c, 'app:pay.checkout.api')).toEqual([['created', 'pay.checkout.api']]);
    });

    it('refuses a move body with neither business nor name with 400 nothing_to_move', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      expectError(await c.post('/api/v1/apps/pay.checkout.api/move', {}), 400, 'nothing_to_move');
    });
  });

  describe('deleting nodes', () => {
    it('refuses to delete non-empty nodes with 409 node_not_empty naming what is in the way, then deletes them once empty', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'web');
      await createApp(c, 'pay.checkout', 'api');
      expectError(await c.delete('/api/v1/domains/pay'), 409, 'node_not_empty', { businesses: ['pay.billing', 'pay.checkout'] });
      expectError(await c.delete('/api/v1/businesses/pay.checkout'), 409, 'node_not_empty', {
        apps: ['pay.checkout.api', 'pay.checkout.web'],
      });

      for (const appid of ['pay.checkout.api', 'pay.checkout.web']) {
        const res = await c.delete(`/api/v1/apps/${appid}`);
        expect({ status: res.statusCode, body: res.body }).toEqual({ status: 204, body: '' });
        expectError(await c.get(`/api/v1/apps/${appid}`), 404, 'app_not_found', { appid });
      }
      expect((await c.delete('/api/v1/businesses/pay.checkout')).statusCode).toBe(204);
      expectError(await c.get('/api/v1/businesses/pay.checkout'), 404, 'business_not_found', { business: 'pay.checkout' });
      expectError(await c.delete('/api/v1/domains/pay'), 409, 'node_not_empty', { businesses: ['pay.billing'] });
      expect((await c.delete('/api/v1/businesses/pay.billing')).statusCode).toBe(204);
      expect((await c.delete('/api/v1/domains/pay')).statusCode).toBe(204);
      expectError(await c.get('/api/v1/domains/pay'), 404, 'domain_not_found', { domain: 'pay' });
      expect((await c.get('/api/v1/tree')).json()).toEqual({ counts: { domains: 0, businesses: 0, apps: 0 }, domains: [] });
    });

    it('deletes an app reached through an old appid, and the old appid stops resolving', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      expect((await c.post('/api/v1/apps/pay.checkout.api/move', { name: 'gateway' })).statusCode).toBe(200);
      expect((await c.delete('/api/v1/apps/pay.checkout.api')).statusCode).toBe(204);
      expectError(await c.get('/api/v1/apps/pay.checkout.gateway'), 404, 'app_not_found');
      expectError(await c.get('/api/v1/apps/pay.checkout.api'), 404, 'app_not_found');
    });
  });

  describe('listing apps', () => {
    async function catalogue(f: Factory, c: Client) {
      await payTree(c);
      for (const name of ['carol', 'dave', 'erin']) await f.user(name);
      await f.team('ledger', ['dave']);
      expect((await c.post('/api/v1/domains', { name: 'ops', people: { owner: ['carol'] } })).statusCode).toBe(201);
      expect((await c.post('/api/v1/businesses', { domain: 'ops', name: 'infra', product: 'payments' })).statusCode).toBe(201);
      await createApp(c, 'pay.checkout', 'api', { title: 'Checkout API', labels: { tier: 'front', team: 'core' } });
      await createApp(c, 'pay.checkout', 'web', { title: 'Storefront Web', labels: { tier: 'front' }, people: { qa: ['erin'] } });
      await createApp(c, 'pay.billing', 'invoice', {
        title: 'Invoices',
        labels: { tier: 'back', team: 'core' },
        people: { developer: ['team:ledger'] },
      });
      await createApp(c, 'ops.infra', 'dns', { title: 'DNS Resolver' });
      await createApp(c, 'ops.infra', 'proxy', { title: 'Edge Proxy', labels: { tier: 'front' } });
    }

    it('filters by domain, business, q, repeated label (AND) and person', async () => {
      const { f, c } = await setup();
      await catalogue(f, c);
      expect(await listAppids(c, '')).toEqual([
        'ops.infra.dns',
        'ops.infra.proxy',
        'pay.billing.invoice',
        'pay.checkout.api',
        'pay.checkout.web',
      ]);
      expect(await listAppids(c, 'domain=ops')).toEqual(['ops.infra.dns', 'ops.infra.proxy']);
      expect(await listAppids(c, 'business=pay.checkout')).toEqual(['pay.checkout.api', 'pay.checkout.web']);
      expect(await listAppids(c, 'q=STOREFRONT')).toEqual(['pay.checkout.web']);
      expect(await listAppids(c, 'q=Pay.Checkout')).toEqual(['pay.checkout.api', 'pay.checkout.web']);
      expect(await listAppids(c, 'label=tier%3Dfront')).toEqual(['ops.infra.proxy', 'pay.checkout.api', 'pay.checkout.web']);
      expect(await listAppids(c, 'label=tier=front&label=team=core')).toEqual(['pay.checkout.api']);
      expect(await listAppids(c, 'person=erin')).toEqual(['pay.checkout.web']);
      expect(await listAppids(c, 'person=dave')).toEqual(['pay.billing.invoice']);
      expect(await listAppids(c, 'person=carol')).toEqual(['ops.infra.dns', 'ops.infra.proxy']);
      expect(await listAppids(c, 'domain=pay&label=team=core&q=inv')).toEqual(['pay.billing.invoice']);
    });

    it('refuses a label filter without "=" with 400 validation_failed', async () => {
      const { c } = await setup();
      expectError(await c.get('/api/v1/apps?label=tier'), 400, 'validation_failed');
    });

    it('walks every app exactly once in appid order with limit=3', async () => {
      const { f, c } = await setup();
      await payTree(c);
      const names = ['kilo', 'alpha', 'juliet', 'delta', 'bravo', 'hotel', 'echo', 'golf', 'charlie', 'foxtrot'];
      for (const [i, name] of names.entries()) await createApp(c, i % 2 ? 'pay.checkout' : 'pay.billing', name);
      const all = (await f.s.apps.list({ limit: 1000 })).items.map((a) => a.appid);
      expect(all).toHaveLength(10);

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await c.get(`/api/v1/apps?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Array<{ appid: string }>; nextCursor: string | null };
        pages.push(page.items.map((a) => a.appid));
        cursor = page.nextCursor;
      } while (cursor !== null && pages.length < 20);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
      expect(pages.flat()).toEqual([...all].sort());
    });

    it('ends with nextCursor null when the last page is exactly full', async () => {
      const { c } = await setup();
      await payTree(c);
      for (const name of ['aa', 'bb', 'cc']) await createApp(c, 'pay.checkout', name);
      const first = (await c.get('/api/v1/apps?limit=3')).json();
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).toBeNull();
    });

    it('keeps pages stable under inserts before and after the cursor: no original app is skipped or repeated', async () => {
      const { c } = await setup();
      await payTree(c);
      const originals = ['bb', 'dd', 'ff', 'hh', 'jj', 'll', 'nn', 'pp', 'rr'].map((n) => `pay.checkout.${n}`);
      for (const appid of originals) await createApp(c, 'pay.checkout', appid.split('.')[2] as string);

      const seen: string[] = [];
      const inserted: { before: string[]; after: string[] } = { before: [], after: [] };
      const insertAround = async (cursorAppid: string, before: string, after: string) => {
        expect(`pay.checkout.${before}` < cursorAppid && `pay.checkout.${after}` > cursorAppid).toBe(true);
        await createApp(c, 'pay.checkout', before);
        await createApp(c, 'pay.checkout', after);
        inserted.before.push(`pay.checkout.${before}`);
        inserted.after.push(`pay.checkout.${after}`);
      };
      // after each page, one app lands before the cursor and one after it
      const plan = [
        ['aa', 'gg'],
        ['cc', 'oo'],
        ['ee', 'ss'],
        ['gh', 'tt'],
        ['ii', 'uu'],
        ['kk', 'vv'],
      ];
      let cursor: string | null = null;
      let step = 0;
      do {
        const res = await c.get(`/api/v1/apps?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Array<{ appid: string }>; nextCursor: string | null };
        seen.push(...page.items.map((a) => a.appid));
        cursor = page.nextCursor;
        const [before, after] = plan[step++] ?? [];
        if (cursor && before && after) await insertAround(seen[seen.length - 1] as string, before, after);
      } while (cursor !== null && step < 30);

      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort());
      for (const appid of originals) expect(seen.filter((s) => s === appid)).toEqual([appid]);
      for (const appid of inserted.before) expect(seen).not.toContain(appid);
      for (const appid of inserted.after) expect(seen).toContain(appid);
      expect(inserted.before.length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a cursor it did not issue with 400 invalid_cursor', async () => {
      const { c } = await setup();
      expectError(await c.get('/api/v1/apps?cursor=not*a*cursor'), 400, 'invalid_cursor', { field: 'cursor' });
      expectError(await c.get('/api/v1/apps?cursor=cGF5%3D'), 400, 'invalid_cursor', { field: 'cursor' });
    });
  });

  describe('listing domains and businesses', () => {
    it('lists domains by name and businesses by key, filtered by domain or product, a page at a time', async () => {
      const { f, c } = await setup();
      await payTree(c);
      await f.product('cards', 'money');
      expect((await c.post('/api/v1/domains', { name: 'ops' })).statusCode).toBe(201);
      expect((await c.post('/api/v1/businesses', { domain: 'ops', name: 'infra', product: 'cards' })).statusCode).toBe(201);
      const keys = (res: { json(): { items: Array<{ key: string }> } }) => res.json().items.map((b) => b.key);

      const domains = await c.get('/api/v1/domains?limit=1');
      expect(domains.json().items.map((d: { name: string }) => d.name)).toEqual(['ops']);
      const rest = await c.get(`/api/v1/domains?limit=1&cursor=${domains.json().nextCursor}`);
      expect(rest.json()).toMatchObject({ items: [{ name: 'pay', businessCount: 2, appCount: 0 }], nextCursor: null });

      expect(keys(await c.get('/api/v1/businesses'))).toEqual(['ops.infra', 'pay.billing', 'pay.checkout']);
      expect(keys(await c.get('/api/v1/businesses?domain=pay'))).toEqual(['pay.billing', 'pay.checkout']);
      expect(keys(await c.get('/api/v1/businesses?product=cards'))).toEqual(['ops.infra']);
      const first = await c.get('/api/v1/businesses?limit=2');
      expect(keys(first)).toEqual(['ops.infra', 'pay.billing']);
      const second = await c.get(`/api/v1/businesses?limit=2&cursor=${first.json().nextCursor}`);
      expect({ keys: keys(second), next: second.json().nextCursor }).toEqual({ keys: ['pay.checkout'], next: null });
      expectError(await c.get('/api/v1/businesses?product=nothing'), 400, 'unknown_product');
      expectError(await c.get('/api/v1/businesses?domain=nowhere'), 404, 'domain_not_found');
    });
  });

  describe('the business-line tree', () => {
    it('returns domains → businesses → apps with counts, and only counts with apps=false', async () => {
      const { c } = await setup();
      await payTree(c);
      expect((await c.post('/api/v1/domains', { name: 'ops', title: 'Operations' })).statusCode).toBe(201);
      await createApp(c, 'pay.checkout', 'web', { title: 'Storefront', level: 'L1' });
      await createApp(c, 'pay.checkout', 'api');
      await createApp(c, 'pay.billing', 'invoice', { level: 'L3' });
      const full = await c.get('/api/v1/tree');
      expect(full.statusCode).toBe(200);
      expect(full.json()).toEqual({
        counts: { domains: 2, businesses: 2, apps: 3 },
        domains: [
          { name: 'ops', title: 'Operations', businessCount: 0, appCount: 0, businesses: [] },
          {
            name: 'pay',
            title: 'pay',
            businessCount: 2,
            appCount: 3,
            businesses: [
              {
                name: 'billing',
                title: 'billing',
                product: 'payments',
                appCount: 1,
                apps: [{ name: 'invoice', title: 'invoice', level: 'L3' }],
              },
              {
                name: 'checkout',
                title: 'checkout',
                product: 'payments',
                appCount: 2,
                apps: [
                  { name: 'api', title: 'api', level: 'L2' },
                  { name: 'web', title: 'Storefront', level: 'L1' },
                ],
              },
            ],
          },
        ],
      });
      const counts = await c.get('/api/v1/tree?apps=false');
      expect(counts.statusCode).toBe(200);
      expect(counts.json()).toEqual({
        counts: { domains: 2, businesses: 2, apps: 3 },
        domains: [
          { name: 'ops', title: 'Operations', businessCount: 0, appCount: 0, businesses: [] },
          {
            name: 'pay',
            title: 'pay',
            businessCount: 2,
            appCount: 3,
            businesses: [
              { name: 'billing', title: 'billing', product: 'payments', appCount: 1 },
              { name: 'checkout', title: 'checkout', product: 'payments', appCount: 2 },
            ],
          },
        ],
      });
    });

    it('reflects a change made after a first read', async () => {
      const { c } = await setup();
      await payTree(c);
      await createApp(c, 'pay.checkout', 'api');
      expect((await c.get('/api/v1/tree')).json().counts).toEqual({ domains: 1, businesses: 2, apps: 1 });
      expect((await c.get('/api/v1/tree?apps=false')).json().counts).toEqual({ domains: 1, businesses: 2, apps: 1 });
      await createApp(c, 'pay.billing', 'invoice');
      expect((await c.post('/api/v1/apps/pay.checkout.api/move', { name: 'gateway' })).statusCode).toBe(200);
      const tree = (await c.get('/api/v1/tree')).json();
      expect(tree.counts).toEqual({ domains: 1, businesses: 2, apps: 2 });
      expect(
        tree.domains[0].businesses.map((b: { name: string; apps: Array<{ name: string }> }) => [b.name, b.apps.map((a) => a.name)]),
      ).toEqual([
        ['billing', ['invoice']],
        ['checkout', ['gateway']],
      ]);
      expect((await c.get('/api/v1/tree?apps=false')).json().counts).toEqual({ domains: 1, businesses: 2, apps: 2 });
    });

    it('refuses apps=maybe with 400 validation_failed', async () => {
      const { c } = await setup();
      expectError(await c.get('/api/v1/tree?apps=maybe'), 400, 'validation_failed');
    });
  });

  describe('audit and events', () => {
    it('records the calling user as the actor and the request id, and a refused change writes nothing', async () => {
      const { c, auth } = await setup();
      await payTree(c);
      const before = await changeCounts(db().db);
      const created = await c.app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: { ...auth, 'x-request-id': 'req-create-api' },
        payload: { business: 'pay.checkout', name: 'api' },
      });
      expect(created.statusCode).toBe(201);
      expect(await changeCounts(db().db)).toEqual({ audit: before.audit + 1, outbox: before.outbox + 1 });
      const [row] = (await c.get('/api/v1/audit?entity=app:pay.checkout.api')).json().items;
      expect(row).toMatchObject({
        actor: 'user:root',
        action: 'created',
        entityType: 'app',
        entityKey: 'pay.checkout.api',
        requestId: 'req-create-api',
        batchId: null,
      });
      const event = await db().db.selectFrom('outbox_events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(event.type).toBe('app.created');

      expectError(await c.post('/api/v1/apps', { business: 'pay.checkout', name: 'api' }), 409, 'app_exists');
      expectError(await c.post('/api/v1/apps/pay.checkout.api/move', { business: 'pay.nowhere' }), 404, 'business_not_found');
      expectError(await c.delete('/api/v1/businesses/pay.checkout'), 409, 'node_not_empty');
      expect(await changeCounts(db().db)).toEqual({ audit: before.audit + 1, outbox: before.outbox + 1 });
    });
  });

  describe('audit queries', () => {
    it('answers an audit query for an entity that never existed with 200 and no rows', async () => {
      const { c } = await setup();
      await payTree(c);
      const res = await c.get('/api/v1/audit?entity=app:pay.checkout.never');
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { items: [], nextCursor: null } });
    });

    it('filters the audit log by actor and since over HTTP', async () => {
      const { f, c, clock } = await setup();
      await payTree(c);
      clock.advance(60_000);
      await f.app({ business: 'pay.checkout', name: 'api' });
      const byRoot = (await c.get('/api/v1/audit?actor=user:root')).json().items;
      expect(byRoot.map((r: { action: string; entityKey: string }) => `${r.action} ${r.entityKey}`)).toEqual([
        'created pay.billing',
        'created pay.checkout',
        'created pay',
      ]);
      const since = (await c.get('/api/v1/audit?since=2026-11-26T09:01:00Z')).json().items;
      expect(since.map((r: { actor: string; entityKey: string }) => `${r.actor} ${r.entityKey}`)).toEqual(['system pay.checkout.api']);
      expectError(await c.get('/api/v1/audit?since=last-week'), 400, 'invalid_timestamp', { field: 'since' });
    });
  });

  describe('health', () => {
    it('answers /healthz with 200 ok and /readyz with 200 and the dialect, without a token', async () => {
      const { c } = await setup();
      const health = await c.get('/healthz', {});
      expect({ status: health.statusCode, body: health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
      const ready = await c.get('/readyz', {});
      expect({ status: ready.statusCode, body: ready.json() }).toEqual({ status: 200, body: { status: 'ready', database: dialect } });
    });
  });
});
