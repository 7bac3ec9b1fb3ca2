import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory } from '../../../test/factories.ts';
import { refusal } from '../../../test/tree-helpers.ts';
import { fixedClock } from '../../shared/clock.ts';
import type { AppListFilter } from './apps.service.ts';

const T0 = '2026-11-26T09:00:00.000Z';

/** org `money` → product `payments`; domain `pay` → businesses `checkout`, `billing` (both in `payments`). */
async function payTree(f: Factory) {
  await f.org('money');
  await f.product('payments', 'money');
  await f.domain('pay');
  await f.business({ domain: 'pay', name: 'checkout', product: 'payments' });
  await f.business({ domain: 'pay', name: 'billing', product: 'payments' });
}

describeEachDialect('tree service', (db) => {
  const setup = () => {
    const clock = fixedClock(T0);
    return { f: factory(db(), { clock }), clock };
  };
  const appids = async (f: Factory, filter: Partial<AppListFilter> = {}) =>
    (await f.s.apps.list({ limit: 1000, ...filter })).items.map((a) => a.appid);

  describe('creating nodes', () => {
    it('derives the appid from the domain, business and app names', async () => {
      const { f } = setup();
      await payTree(f);
      const app = await f.app({ business: 'pay.checkout', name: 'api' });
      expect(app).toMatchObject({
        appid: 'pay.checkout.api',
        domain: 'pay',
        business: 'pay.checkout',
        name: 'api',
        product: 'payments',
        org: 'money',
      });
      expect((await f.s.apps.get('pay.checkout.api')).id).toBe(app.id);
    });

    it('fills defaults for the attributes a new app is not given', async () => {
      const { f } = setup();
      await payTree(f);
      const app = await f.app({ business: 'pay.checkout', name: 'api' });
      expect(app).toEqual({
        id: app.id,
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
    });

    it('gives a new domain and business their counts, an empty alias list and default titles', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.app({ business: 'pay.checkout', name: 'web' });
      const domain = await f.s.nodes.getDomain('pay');
      expect(domain).toEqual({
        id: domain.id,
        name: 'pay',
        title: 'pay',
        description: '',
        people: {},
        businessCount: 2,
        appCount: 2,
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
        requestedAs: null,
      });
      const business = await f.s.nodes.getBusiness('pay.checkout');
      expect(business).toEqual({
        id: business.id,
        key: 'pay.checkout',
        domain: 'pay',
        name: 'checkout',
        title: 'checkout',
        description: '',
        product: 'payments',
        people: {},
        appCount: 2,
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
        requestedAs: null,
      });
    });

    it('refuses a second app with the same appid with 409 app_exists', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      expect(await refusal(f.app({ business: 'pay.checkout', name: 'api' }))).toEqual({
        status: 409,
        code: 'app_exists',
        details: { appid: 'pay.checkout.api' },
      });
    });

    it('allows the same app name in two businesses', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.app({ business: 'pay.billing', name: 'api' });
      expect(await appids(f)).toEqual(['pay.billing.api', 'pay.checkout.api']);
    });

    it('refuses a duplicate business with 409 business_exists and a duplicate domain with 409 domain_exists', async () => {
      const { f } = setup();
      await payTree(f);
      expect(await refusal(f.business({ domain: 'pay', name: 'checkout', product: 'payments' }))).toEqual({
        status: 409,
        code: 'business_exists',
        details: { business: 'pay.checkout' },
      });
      expect(await refusal(f.domain('pay'))).toEqual({ status: 409, code: 'domain_exists', details: { domain: 'pay' } });
    });

    it('refuses an app in an unknown business with 404 business_not_found', async () => {
      const { f } = setup();
      await payTree(f);
      expect(await refusal(f.app({ business: 'pay.nowhere', name: 'api' }))).toEqual({
        status: 404,
        code: 'business_not_found',
        details: { business: 'pay.nowhere', field: 'business' },
      });
    });

    it('refuses a business in an unknown domain with 404 domain_not_found', async () => {
      const { f } = setup();
      await payTree(f);
      expect(await refusal(f.business({ domain: 'nowhere', name: 'checkout', product: 'payments' }))).toEqual({
        status: 404,
        code: 'domain_not_found',
        details: { field: 'domain', domain: 'nowhere' },
      });
    });

    it('refuses a business naming an unknown product with 400 unknown_product', async () => {
      const { f } = setup();
      await payTree(f);
      expect(await refusal(f.business({ domain: 'pay', name: 'refunds', product: 'no-such' }))).toEqual({
        status: 400,
        code: 'unknown_product',
        details: { field: 'product', value: 'no-such' },
      });
    });

    it('refuses a runtime in an unknown environment with 400 unknown_environment', async () => {
      const { f } = setup();
      await payTree(f);
      const create = f.s.apps.create(f.ctx, {
        business: 'pay.checkout',
        name: 'api',
        runtime: { PROD: { ports: [] }, STAGING: { ports: [] } },
      });
      expect(await refusal(create)).toEqual({
        status: 400,
        code: 'unknown_environment',
        details: { field: 'runtime', unknown: ['STAGING'] },
      });
      expect(await appids(f)).toEqual([]);
    });

    it('refuses people naming an unknown user or team with 400 unknown_subject listing them', async () => {
      const { f } = setup();
      await payTree(f);
      await f.user('alice');
      const create = f.app({ business: 'pay.checkout', name: 'api', people: { owner: ['alice', 'ghost'], sre: ['team:phantom'] } });
      expect(await refusal(create)).toEqual({
        status: 400,
        code: 'unknown_subject',
        details: { field: 'people', missing: ['ghost', 'team:phantom'] },
      });
      expect(await appids(f)).toEqual([]);
    });
  });

  describe('the app record', () => {
    const full = {
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
            { name: 'http', port: 8080, protocol: 'http' as const },
            { port: 9090, protocol: 'grpc' as const },
          ],
          healthCheck: { protocol: 'http' as const, path: '/healthz', port: 8080 },
        },
        UAT: { ports: [{ port: 8080, protocol: 'tcp' as const }] },
      },
      people: { owner: ['alice', 'team:trade-dev'], developer: ['bob'], sre: ['carol'], qa: ['dave'] },
    };

    async function fullApp(f: Factory) {
      await payTree(f);
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) await f.user(name);
      await f.team('trade-dev', ['bob']);
      return f.s.apps.create(f.ctx, { business: 'pay.checkout', name: 'api', ...full });
    }

    it('reads back every attribute it was created with', async () => {
      const { f } = setup();
      const created = await fullApp(f);
      const expected = {
        id: created.id,
        appid: 'pay.checkout.api',
        domain: 'pay',
        business: 'pay.checkout',
        name: 'api',
        ...full,
        product: 'payments',
        org: 'money',
        aliases: [],
        createdAt: T0,
        updatedAt: T0,
      };
      expect(created).toEqual(expected);
      expect(await f.s.apps.get('pay.checkout.api')).toEqual({ ...expected, requestedAs: null });
    });

    it('replaces all labels and the whole runtime on update, keeping the rest', async () => {
      const { f, clock } = setup();
      const created = await fullApp(f);
      clock.advance(60_000);
      const updated = await f.s.apps.update(f.ctx, 'pay.checkout.api', {
        labels: { tier: 'back' },
        runtime: { PRE: { ports: [{ port: 443, protocol: 'https' }] } },
      });
      expect(updated).toEqual({
        ...created,
        labels: { tier: 'back' },
        runtime: { PRE: { ports: [{ port: 443, protocol: 'https' }] } },
        updatedAt: '2026-11-26T09:01:00.000Z',
      });
      expect(await f.s.apps.get('pay.checkout.api')).toEqual({ ...updated, requestedAs: null });
    });

    it('keeps the label index in step with the labels, so filters see the update', async () => {
      const { f } = setup();
      await fullApp(f);
      await f.s.apps.update(f.ctx, 'pay.checkout.api', { labels: { tier: 'back' } });
      expect(await appids(f, { labels: [['tier', 'front']] })).toEqual([]);
      expect(await appids(f, { labels: [['cost.center/id', 'cc-42']] })).toEqual([]);
      expect(await appids(f, { labels: [['tier', 'back']] })).toEqual(['pay.checkout.api']);
    });

    it('replaces only the roles given in people and leaves the other roles as they were', async () => {
      const { f } = setup();
      await fullApp(f);
      const updated = await f.s.apps.update(f.ctx, 'pay.checkout.api', { people: { owner: ['erin'], qa: [] } });
      expect(updated.people).toEqual({ owner: ['erin'], developer: ['bob'], sre: ['carol'] });
      expect((await f.s.apps.get('pay.checkout.api')).people).toEqual({ owner: ['erin'], developer: ['bob'], sre: ['carol'] });
    });

    it('leaves labels, runtime and people alone when an update changes only attributes', async () => {
      const { f } = setup();
      const created = await fullApp(f);
      const updated = await f.s.apps.update(f.ctx, 'pay.checkout.api', { title: 'Checkout', level: 'L1' });
      expect(updated).toEqual({ ...created, title: 'Checkout', level: 'L1' });
    });

    it('stores each subject of a role once', async () => {
      const { f } = setup();
      await fullApp(f);
      const updated = await f.s.apps.update(f.ctx, 'pay.checkout.api', { people: { sre: ['erin', 'erin', 'carol'] } });
      expect(updated.people.sre).toEqual(['carol', 'erin']);
    });
  });

  describe('moves and renames', () => {
    it('moves an app to another business under a new name; the old appid resolves, marked by requestedAs', async () => {
      const { f } = setup();
      await payTree(f);
      await f.user('alice');
      const app = await f.app({ business: 'pay.checkout', name: 'api', labels: { tier: 'front' }, people: { owner: ['alice'] } });
      const moved = await f.s.apps.move(f.ctx, 'pay.checkout.api', { business: 'pay.billing', name: 'gateway' });
      expect(moved).toMatchObject({
        id: app.id,
        appid: 'pay.billing.gateway',
        business: 'pay.billing',
        name: 'gateway',
        labels: { tier: 'front' },
        people: { owner: ['alice'] },
        aliases: ['pay.checkout.api'],
      });
      expect(await f.s.apps.get('pay.billing.gateway')).toEqual({ ...moved, requestedAs: null });
      expect(await f.s.apps.get('pay.checkout.api')).toEqual({ ...moved, requestedAs: 'pay.checkout.api' });
      expect(await appids(f)).toEqual(['pay.billing.gateway']);
      expect((await f.s.nodes.getBusiness('pay.checkout')).appCount).toBe(0);
      expect((await f.s.nodes.getBusiness('pay.billing')).appCount).toBe(1);
    });

    it('accepts an old business key as the target of a move', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.nodes.moveBusiness(f.ctx, 'pay.billing', { name: 'invoicing' });
      const moved = await f.s.apps.move(f.ctx, 'pay.checkout.api', { business: 'pay.billing' });
      expect(moved.appid).toBe('pay.invoicing.api');
    });

    it('keeps every old appid of a chain of renames resolving to the app', async () => {
      const { f } = setup();
      await payTree(f);
      const app = await f.app({ business: 'pay.checkout', name: 'alpha' });
      await f.s.apps.move(f.ctx, 'pay.checkout.alpha', { name: 'beta' });
      await f.s.apps.move(f.ctx, 'pay.checkout.beta', { name: 'gamma' });
      for (const old of ['pay.checkout.alpha', 'pay.checkout.beta']) {
        const found = await f.s.apps.get(old);
        expect({ id: found.id, appid: found.appid, requestedAs: found.requestedAs }).toEqual({
          id: app.id,
          appid: 'pay.checkout.gamma',
          requestedAs: old,
        });
      }
      expect((await f.s.apps.get('pay.checkout.gamma')).aliases).toEqual(['pay.checkout.alpha', 'pay.checkout.beta']);
    });

    it('moves an app through an old appid of its own', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'alpha' });
      await f.s.apps.move(f.ctx, 'pay.checkout.alpha', { name: 'beta' });
      const moved = await f.s.apps.move(f.ctx, 'pay.checkout.alpha', { name: 'gamma' });
      expect(moved.appid).toBe('pay.checkout.gamma');
      expect(moved.aliases).toEqual(['pay.checkout.alpha', 'pay.checkout.beta']);
    });

    it('drops the alias when an app moves back to an earlier appid', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'alpha' });
      await f.s.apps.move(f.ctx, 'pay.checkout.alpha', { name: 'beta' });
      const back = await f.s.apps.move(f.ctx, 'pay.checkout.beta', { name: 'alpha' });
      expect(back.aliases).toEqual(['pay.checkout.beta']);
      expect((await f.s.apps.get('pay.checkout.alpha')).requestedAs).toBeNull();
    });

    it('refuses to move an app onto an existing appid with 409 app_exists and changes nothing', async () => {
      const { f } = setup();
      await payTree(f);
      const api = await f.app({ business: 'pay.checkout', name: 'api' });
      const other = await f.app({ business: 'pay.billing', name: 'api' });
      expect(await refusal(f.s.apps.move(f.ctx, 'pay.checkout.api', { business: 'pay.billing' }))).toEqual({
        status: 409,
        code: 'app_exists',
        details: { appid: 'pay.billing.api' },
      });
      expect(await f.s.apps.get('pay.checkout.api')).toEqual({ ...api, requestedAs: null });
      expect(await f.s.apps.get('pay.billing.api')).toEqual({ ...other, requestedAs: null });
    });

    it('refuses a move that names neither a business nor a name with 400 nothing_to_move', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      expect(await refusal(f.s.apps.move(f.ctx, 'pay.checkout.api', {}))).toEqual({
        status: 400,
        code: 'nothing_to_move',
        details: { field: 'business' },
      });
    });

    it('gives an old appid to a new app created under it: the new app wins, with requestedAs null', async () => {
      const { f } = setup();
      await payTree(f);
      const old = await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.apps.move(f.ctx, 'pay.checkout.api', { name: 'gateway' });
      expect((await f.s.apps.get('pay.checkout.api')).id).toBe(old.id);
      const fresh = await f.app({ business: 'pay.checkout', name: 'api', title: 'The new one' });
      const found = await f.s.apps.get('pay.checkout.api');
      expect({ id: found.id, title: found.title, requestedAs: found.requestedAs }).toEqual({
        id: fresh.id,
        title: 'The new one',
        requestedAs: null,
      });
      expect((await f.s.apps.get('pay.checkout.gateway')).aliases).toEqual([]);
    });

    it('gives an old appid to an app moved onto it: the moved app wins', async () => {
      const { f } = setup();
      await payTree(f);
      const first = await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.apps.move(f.ctx, 'pay.checkout.api', { name: 'gateway' });
      const second = await f.app({ business: 'pay.billing', name: 'api' });
      await f.s.apps.move(f.ctx, 'pay.billing.api', { business: 'pay.checkout' });
      expect((await f.s.apps.get('pay.checkout.api')).id).toBe(second.id);
      expect((await f.s.apps.get('pay.checkout.gateway')).id).toBe(first.id);
      expect((await f.s.apps.get('pay.checkout.gateway')).aliases).toEqual([]);
      expect((await f.s.apps.get('pay.checkout.api')).aliases).toEqual(['pay.billing.api']);
    });

    it('moves a business to another domain under a new name, rekeying its apps; old keys and appids resolve', async () => {
      const { f } = setup();
      await payTree(f);
      await f.domain('shop');
      const api = await f.app({ business: 'pay.checkout', name: 'api' });
      const web = await f.app({ business: 'pay.checkout', name: 'web' });
      const moved = await f.s.nodes.moveBusiness(f.ctx, 'pay.checkout', { domain: 'shop', name: 'cart' });
      expect(moved).toMatchObject({ key: 'shop.cart', domain: 'shop', name: 'cart', appCount: 2, aliases: ['pay.checkout'] });
      expect(await f.s.nodes.getBusiness('pay.checkout')).toEqual({ ...moved, requestedAs: 'pay.checkout' });
      expect(await appids(f)).toEqual(['shop.cart.api', 'shop.cart.web']);
      for (const [app, name] of [
        [api, 'api'],
        [web, 'web'],
      ] as const) {
        const viaOld = await f.s.apps.get(`pay.checkout.${name}`);
        expect(viaOld).toMatchObject({
          id: app.id,
          appid: `shop.cart.${name}`,
          domain: 'shop',
          business: 'shop.cart',
          aliases: [`pay.checkout.${name}`],
          requestedAs: `pay.checkout.${name}`,
        });
      }
      expect(await f.s.nodes.getDomain('pay')).toMatchObject({ businessCount: 1, appCount: 0 });
      expect(await f.s.nodes.getDomain('shop')).toMatchObject({ businessCount: 1, appCount: 2 });
    });

    it('refuses to move a business onto an existing key with 409 business_exists', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      expect(await refusal(f.s.nodes.moveBusiness(f.ctx, 'pay.checkout', { name: 'billing' }))).toEqual({
        status: 409,
        code: 'business_exists',
        details: { business: 'pay.billing' },
      });
      expect(await appids(f)).toEqual(['pay.checkout.api']);
      expect((await f.s.nodes.getBusiness('pay.checkout')).aliases).toEqual([]);
    });

    it('renames a domain, rekeying every business and app below; old names, keys and appids resolve', async () => {
      const { f } = setup();
      await payTree(f);
      const api = await f.app({ business: 'pay.checkout', name: 'api' });
      await f.app({ business: 'pay.billing', name: 'invoice' });
      const renamed = await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');
      expect(renamed).toMatchObject({ name: 'payment', businessCount: 2, appCount: 2, aliases: ['pay'] });
      expect(await f.s.nodes.getDomain('pay')).toEqual({ ...renamed, requestedAs: 'pay' });
      const business = await f.s.nodes.getBusiness('pay.checkout');
      expect(business).toMatchObject({ key: 'payment.checkout', aliases: ['pay.checkout'], requestedAs: 'pay.checkout' });
      expect(await appids(f)).toEqual(['payment.billing.invoice', 'payment.checkout.api']);
      expect(await f.s.apps.get('pay.checkout.api')).toMatchObject({
        id: api.id,
        appid: 'payment.checkout.api',
        domain: 'payment',
        business: 'payment.checkout',
        aliases: ['pay.checkout.api'],
        requestedAs: 'pay.checkout.api',
      });
    });

    it('keeps every old name resolving through a chain of domain renames', async () => {
      const { f } = setup();
      await payTree(f);
      const app = await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');
      await f.s.nodes.renameDomain(f.ctx, 'payment', 'money-flow');
      expect((await f.s.nodes.getDomain('pay')).name).toBe('money-flow');
      expect((await f.s.nodes.getDomain('payment')).name).toBe('money-flow');
      expect((await f.s.nodes.getDomain('money-flow')).aliases).toEqual(['pay', 'payment']);
      expect((await f.s.nodes.getBusiness('pay.checkout')).key).toBe('money-flow.checkout');
      expect((await f.s.nodes.getBusiness('payment.checkout')).key).toBe('money-flow.checkout');
      for (const old of ['pay.checkout.api', 'payment.checkout.api']) {
        expect(await f.s.apps.get(old)).toMatchObject({ id: app.id, appid: 'money-flow.checkout.api', requestedAs: old });
      }
      expect((await f.s.apps.get('money-flow.checkout.api')).aliases).toEqual(['pay.checkout.api', 'payment.checkout.api']);
    });

    it('keeps old appids from app, business and domain moves all resolving together', async () => {
      const { f } = setup();
      await payTree(f);
      const app = await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.apps.move(f.ctx, 'pay.checkout.api', { name: 'gateway' });
      await f.s.nodes.moveBusiness(f.ctx, 'pay.checkout', { name: 'cart' });
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'shop');
      const olds = ['pay.cart.gateway', 'pay.checkout.api', 'pay.checkout.gateway'];
      for (const old of olds) expect((await f.s.apps.get(old)).id).toBe(app.id);
      expect((await f.s.apps.get('shop.cart.gateway')).aliases).toEqual(olds);
    });

    it('lists as business aliases only old keys, never the current key, after a domain is renamed back', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');
      await f.s.nodes.renameDomain(f.ctx, 'payment', 'pay');
      expect((await f.s.nodes.getDomain('pay')).aliases).toEqual(['payment']);
      expect((await f.s.apps.get('pay.checkout.api')).aliases).toEqual(['payment.checkout.api']);
      expect((await f.s.nodes.getBusiness('pay.checkout')).aliases).toEqual(['payment.checkout']);
    });

    it('refuses to rename a domain onto an existing name with 409 domain_exists', async () => {
      const { f } = setup();
      await payTree(f);
      await f.domain('shop');
      expect(await refusal(f.s.nodes.renameDomain(f.ctx, 'pay', 'shop'))).toEqual({
        status: 409,
        code: 'domain_exists',
        details: { domain: 'shop' },
      });
      expect((await f.s.nodes.getDomain('pay')).aliases).toEqual([]);
    });

    it('gives an old domain name or business key to a node created under it', async () => {
      const { f } = setup();
      await payTree(f);
      const checkout = await f.s.nodes.getBusiness('pay.checkout');
      await f.s.nodes.moveBusiness(f.ctx, 'pay.checkout', { name: 'cart' });
      const again = await f.business({ domain: 'pay', name: 'checkout', product: 'payments' });
      const found = await f.s.nodes.getBusiness('pay.checkout');
      expect({ id: found.id, requestedAs: found.requestedAs }).toEqual({ id: again.id, requestedAs: null });
      expect((await f.s.nodes.getBusiness('pay.cart')).id).toBe(checkout.id);
      expect((await f.s.nodes.getBusiness('pay.cart')).aliases).toEqual([]);

      const pay = await f.s.nodes.getDomain('pay');
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');
      const newPay = await f.domain('pay');
      const domain = await f.s.nodes.getDomain('pay');
      expect({ id: domain.id, businessCount: domain.businessCount, requestedAs: domain.requestedAs }).toEqual({
        id: newPay.id,
        businessCount: 0,
        requestedAs: null,
      });
      expect((await f.s.nodes.getDomain('payment')).id).toBe(pay.id);
    });
  });

  describe('deleting nodes', () => {
    it('refuses to delete a domain that has businesses with 409 node_not_empty naming them', async () => {
      const { f } = setup();
      await payTree(f);
      expect(await refusal(f.s.nodes.deleteDomain(f.ctx, 'pay'))).toEqual({
        status: 409,
        code: 'node_not_empty',
        details: { businesses: ['pay.billing', 'pay.checkout'] },
      });
    });

    it('refuses to delete a business that has apps with 409 node_not_empty naming them', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'web' });
      await f.app({ business: 'pay.checkout', name: 'api' });
      expect(await refusal(f.s.nodes.deleteBusiness(f.ctx, 'pay.checkout'))).toEqual({
        status: 409,
        code: 'node_not_empty',
        details: { apps: ['pay.checkout.api', 'pay.checkout.web'] },
      });
    });

    it('names at most 20 apps in the way', async () => {
      const { f } = setup();
      await payTree(f);
      for (let i = 0; i < 22; i++) await f.app({ business: 'pay.checkout', name: f.name('app') });
      const refused = await refusal(f.s.nodes.deleteBusiness(f.ctx, 'pay.checkout'));
      expect((refused.details as { apps: string[] }).apps).toHaveLength(20);
    });

    it('deletes nodes once emptied, after which they and their old keys are not found', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.apps.move(f.ctx, 'pay.checkout.api', { name: 'gateway' });
      await f.s.nodes.moveBusiness(f.ctx, 'pay.billing', { name: 'invoicing' });
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');

      await f.s.apps.delete(f.ctx, 'payment.checkout.gateway');
      for (const appid of ['payment.checkout.gateway', 'pay.checkout.api', 'pay.checkout.gateway', 'payment.checkout.api']) {
        expect((await refusal(f.s.apps.get(appid))).code).toBe('app_not_found');
      }
      await f.s.nodes.deleteBusiness(f.ctx, 'payment.checkout');
      await f.s.nodes.deleteBusiness(f.ctx, 'payment.invoicing');
      for (const key of ['payment.checkout', 'pay.checkout', 'payment.invoicing', 'pay.billing', 'pay.invoicing']) {
        expect((await refusal(f.s.nodes.getBusiness(key))).code).toBe('business_not_found');
      }
      await f.s.nodes.deleteDomain(f.ctx, 'payment');
      expect(await refusal(f.s.nodes.getDomain('payment'))).toEqual({
        status: 404,
        code: 'domain_not_found',
        details: { domain: 'payment' },
      });
      expect((await refusal(f.s.nodes.getDomain('pay'))).code).toBe('domain_not_found');
      expect(await db().db.selectFrom('aliases').selectAll().execute()).toEqual([]);
      expect(await db().db.selectFrom('role_bindings').selectAll().execute()).toEqual([]);
    });
  });

  describe('listing apps', () => {
    /**
     * pay.checkout.api  "Checkout API"   tier=front team=core   owner: team:core-dev (erin's team)
     * pay.checkout.web  "Storefront Web" tier=front             qa: erin
     * pay.billing.invoice "Invoices"     tier=back team=core    business pay.billing: developer team:ledger (dave's team)
     * ops.infra.dns     "DNS Resolver"                          domain ops: owner carol
     * ops.infra.proxy   "Edge Proxy"     tier=front
     */
    async function catalogue(f: Factory) {
      await payTree(f);
      for (const name of ['carol', 'dave', 'erin', 'frank']) await f.user(name);
      await f.team('ledger', ['dave']);
      await f.team('core-dev', ['frank']);
      await f.domain('ops', { owner: ['carol'] });
      await f.business({ domain: 'ops', name: 'infra', product: 'payments' });
      await f.s.nodes.updateBusiness(f.ctx, 'pay.billing', { people: { developer: ['team:ledger'] } });
      await f.app({
        business: 'pay.checkout',
        name: 'api',
        title: 'Checkout API',
        labels: { tier: 'front', team: 'core' },
        people: { owner: ['team:core-dev'] },
      });
      await f.app({ business: 'pay.checkout', name: 'web', title: 'Storefront Web', labels: { tier: 'front' }, people: { qa: ['erin'] } });
      await f.app({ business: 'pay.billing', name: 'invoice', title: 'Invoices', labels: { tier: 'back', team: 'core' } });
      await f.app({ business: 'ops.infra', name: 'dns', title: 'DNS Resolver' });
      await f.app({ business: 'ops.infra', name: 'proxy', title: 'Edge Proxy', labels: { tier: 'front' } });
    }

    it('lists every app in appid order without filters', async () => {
      const { f } = setup();
      await catalogue(f);
      expect(await appids(f)).toEqual(['ops.infra.dns', 'ops.infra.proxy', 'pay.billing.invoice', 'pay.checkout.api', 'pay.checkout.web']);
    });

    it('filters by domain and by business', async () => {
      const { f } = setup();
      await catalogue(f);
      expect(await appids(f, { domain: 'pay' })).toEqual(['pay.billing.invoice', 'pay.checkout.api', 'pay.checkout.web']);
      expect(await appids(f, { business: 'pay.checkout' })).toEqual(['pay.checkout.api', 'pay.checkout.web']);
      expect(await appids(f, { domain: 'ops', business: 'pay.checkout' })).toEqual([]);
    });

    it('filters by an old domain name or business key as well', async () => {
      const { f } = setup();
      await catalogue(f);
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');
      expect(await appids(f, { domain: 'pay' })).toEqual(['payment.billing.invoice', 'payment.checkout.api', 'payment.checkout.web']);
      expect(await appids(f, { business: 'pay.checkout' })).toEqual(['payment.checkout.api', 'payment.checkout.web']);
    });

    it('refuses an unknown domain or business filter with 404', async () => {
      const { f } = setup();
      await catalogue(f);
      expect((await refusal(appids(f, { domain: 'nowhere' }))).code).toBe('domain_not_found');
      expect((await refusal(appids(f, { business: 'pay.nowhere' }))).code).toBe('business_not_found');
    });

    it('matches q case-insensitively against the appid and the title', async () => {
      const { f } = setup();
      await catalogue(f);
      expect(await appids(f, { q: 'API' })).toEqual(['pay.checkout.api']);
      expect(await appids(f, { q: 'CheckOut' })).toEqual(['pay.checkout.api', 'pay.checkout.web']);
      expect(await appids(f, { q: 'resolver' })).toEqual(['ops.infra.dns']);
      expect(await appids(f, { q: 'edge PROXY' })).toEqual(['ops.infra.proxy']);
      expect(await appids(f, { q: 'infra.d' })).toEqual(['ops.infra.dns']);
      expect(await appids(f, { q: 'nothing-like-this' })).toEqual([]);
    });

    it('treats % and _ in q as literal characters', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'load', title: 'cpu_load' });
      await f.app({ business: 'pay.checkout', name: 'other', title: 'cpuxload' });
      await f.app({ business: 'pay.checkout', name: 'sla', title: 'Uptime 100% SLA' });
      expect(await appids(f, { q: 'cpu_l' })).toEqual(['pay.checkout.load']);
      expect(await appids(f, { q: '100%' })).toEqual(['pay.checkout.sla']);
      expect(await appids(f, { q: '%' })).toEqual(['pay.checkout.sla']);
    });

    it('matches q case-insensitively on non-ASCII titles too', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'overview', title: 'Zahlungs-Übersicht' });
      expect(await appids(f, { q: 'übersicht' })).toEqual(['pay.checkout.overview']);
      expect(await appids(f, { q: 'ÜBERSICHT' })).toEqual(['pay.checkout.overview']);
    });

    it('ANDs label filters', async () => {
      const { f } = setup();
      await catalogue(f);
      expect(await appids(f, { labels: [['tier', 'front']] })).toEqual(['ops.infra.proxy', 'pay.checkout.api', 'pay.checkout.web']);
      expect(
        await appids(f, {
          labels: [
            ['tier', 'front'],
            ['team', 'core'],
          ],
        }),
      ).toEqual(['pay.checkout.api']);
      expect(await appids(f, { labels: [['team', 'core']] })).toEqual(['pay.billing.invoice', 'pay.checkout.api']);
      expect(await appids(f, { labels: [['tier', 'middle']] })).toEqual([]);
      expect(await appids(f, { domain: 'ops', labels: [['tier', 'front']] })).toEqual(['ops.infra.proxy']);
    });

    it('filters by person: direct roles, roles through a team, and roles inherited from the business or domain', async () => {
      const { f } = setup();
      await catalogue(f);
      expect(await appids(f, { person: 'erin' })).toEqual(['pay.checkout.web']);
      expect(await appids(f, { person: 'frank' })).toEqual(['pay.checkout.api']);
      expect(await appids(f, { person: 'dave' })).toEqual(['pay.billing.invoice']);
      expect(await appids(f, { person: 'carol' })).toEqual(['ops.infra.dns', 'ops.infra.proxy']);
      expect(await appids(f, { person: 'nobody' })).toEqual([]);
      expect(await appids(f, { person: 'carol', labels: [['tier', 'front']] })).toEqual(['ops.infra.proxy']);
    });

    it('lists an app once even when the person holds several roles on it', async () => {
      const { f } = setup();
      await catalogue(f);
      await f.s.apps.update(f.ctx, 'ops.infra.dns', { people: { owner: ['carol'], sre: ['carol'] } });
      expect(await appids(f, { person: 'carol' })).toEqual(['ops.infra.dns', 'ops.infra.proxy']);
    });
  });

  describe('the business-line tree', () => {
    async function smallTree(f: Factory) {
      await payTree(f);
      await f.domain('ops');
      await f.app({ business: 'pay.checkout', name: 'web', title: 'Storefront' });
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.s.apps.update(f.ctx, 'pay.checkout.api', { level: 'L0' });
    }

    it('nests domains, businesses and apps in name order with counts', async () => {
      const { f } = setup();
      await smallTree(f);
      expect(await f.s.apps.tree(true)).toEqual({
        counts: { domains: 2, businesses: 2, apps: 2 },
        domains: [
          { name: 'ops', title: 'ops', businessCount: 0, appCount: 0, businesses: [] },
          {
            name: 'pay',
            title: 'pay',
            businessCount: 2,
            appCount: 2,
            businesses: [
              { name: 'billing', title: 'billing', product: 'payments', appCount: 0, apps: [] },
              {
                name: 'checkout',
                title: 'checkout',
                product: 'payments',
                appCount: 2,
                apps: [
                  { name: 'api', title: 'api', level: 'L0' },
                  { name: 'web', title: 'Storefront', level: 'L2' },
                ],
              },
            ],
          },
        ],
      });
    });

    it('gives the same counts without the app lists', async () => {
      const { f } = setup();
      await smallTree(f);
      expect(await f.s.apps.tree(false)).toEqual({
        counts: { domains: 2, businesses: 2, apps: 2 },
        domains: [
          { name: 'ops', title: 'ops', businessCount: 0, appCount: 0, businesses: [] },
          {
            name: 'pay',
            title: 'pay',
            businessCount: 2,
            appCount: 2,
            businesses: [
              { name: 'billing', title: 'billing', product: 'payments', appCount: 0 },
              { name: 'checkout', title: 'checkout', product: 'payments', appCount: 2 },
            ],
          },
        ],
      });
    });

    it('reflects changes made after a first read, in both variants', async () => {
      const { f } = setup();
      await smallTree(f);
      await f.s.apps.tree(true);
      await f.s.apps.tree(false);
      await f.app({ business: 'pay.billing', name: 'invoice' });
      await f.s.apps.move(f.ctx, 'pay.checkout.web', { name: 'store' });
      await f.s.nodes.renameDomain(f.ctx, 'ops', 'infra');
      const withApps = await f.s.apps.tree(true);
      expect(withApps.counts).toEqual({ domains: 2, businesses: 2, apps: 3 });
      expect(withApps.domains.map((d) => d.name)).toEqual(['infra', 'pay']);
      const pay = withApps.domains[1];
      expect(pay?.businesses.map((b) => [b.name, b.appCount, b.apps?.map((a) => a.name)])).toEqual([
        ['billing', 1, ['invoice']],
        ['checkout', 2, ['api', 'store']],
      ]);
      const counts = await f.s.apps.tree(false);
      expect(counts.counts).toEqual({ domains: 2, businesses: 2, apps: 3 });
      expect(counts.domains[1]?.appCount).toBe(3);
    });

    it('serves a fresh app read after the app changes', async () => {
      const { f } = setup();
      await smallTree(f);
      expect((await f.s.apps.get('pay.checkout.api')).title).toBe('api');
      await f.s.apps.update(f.ctx, 'pay.checkout.api', { title: 'Payments API' });
      expect((await f.s.apps.get('pay.checkout.api')).title).toBe('Payments API');
      await f.s.nodes.updateBusiness(f.ctx, 'pay.checkout', { product: (await f.product('cards')).name });
      expect((await f.s.apps.get('pay.checkout.api')).product).toBe('cards');
    });

    it('serves a fresh app read after its product moves to another org', async () => {
      const { f } = setup();
      await smallTree(f);
      await f.org('treasury');
      expect((await f.s.apps.get('pay.checkout.api')).org).toBe('money');
      await f.s.finance.updateProduct(f.ctx, 'payments', { org: 'treasury' });
      expect((await f.s.apps.get('pay.checkout.api')).org).toBe('treasury');
    });

    it('serves a fresh app read after a team named in its people is deleted', async () => {
      const { f } = setup();
      await smallTree(f);
      await f.team('web-team');
      await f.s.apps.update(f.ctx, 'pay.checkout.api', { people: { sre: ['team:web-team'] } });
      expect((await f.s.apps.get('pay.checkout.api')).people).toEqual({ sre: ['team:web-team'] });
      await f.s.people.deleteTeam(f.ctx, 'web-team');
      expect((await f.s.apps.get('pay.checkout.api')).people).toEqual({});
    });
  });
});
