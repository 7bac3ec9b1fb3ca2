import { describe, expect, it, vi } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory } from '../../../test/factories.ts';
import { changeCounts, expectNoChange, expectOneChange, refusal } from '../../../test/tree-helpers.ts';
import { fixedClock } from '../../shared/clock.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { AuditQuery } from './audit.service.ts';

const T0 = '2026-11-26T09:00:00.000Z';
const HOUR = 3_600_000;

describeEachDialect('audit log and outbox', (db) => {
  const setup = () => {
    const clock = fixedClock(T0);
    return { f: factory(db(), { clock }), clock };
  };

  /** A request context for a user (not a token round trip: these are service-level tests). */
  async function userCtx(f: Factory, name: string, isAdmin = true): Promise<RequestContext> {
    const user = await f.user(name, { isAdmin });
    return { principal: { kind: 'user', id: user.id, name, isAdmin, teams: [] }, requestId: `req-${name}` };
  }

  async function payTree(f: Factory) {
    await f.org('money');
    await f.product('payments', 'money');
    await f.domain('pay');
    await f.business({ domain: 'pay', name: 'checkout', product: 'payments' });
    await f.business({ domain: 'pay', name: 'billing', product: 'payments' });
  }

  describe('one audit row and one event per change', () => {
    it('writes exactly one audit row and one outbox event of type <entity>.<action> for every tree change', async () => {
      const { f } = setup();
      const d = db().db;
      const s = f.s;
      const ctx = f.ctx;
      await expectOneChange(d, 'user.created', () => f.user('alice'));
      await expectOneChange(d, 'team.created', () => f.team('trade-dev', ['alice']));
      await expectOneChange(d, 'team.updated', () => s.people.updateTeam(ctx, 'trade-dev', { title: 'Trade developers' }));
      await expectOneChange(d, 'org.created', () => f.org('money'));
      await expectOneChange(d, 'product.created', () => f.product('payments', 'money'));

      const cases: Array<[string, string, () => Promise<unknown>]> = [
        ['domain.created', 'pay', () => f.domain('pay')],
        ['domain.updated', 'pay', () => s.nodes.updateDomain(ctx, 'pay', { title: 'Payments', people: { owner: ['alice'] } })],
        ['business.created', 'pay.checkout', () => f.business({ domain: 'pay', name: 'checkout', product: 'payments' })],
        ['business.updated', 'pay.checkout', () => s.nodes.updateBusiness(ctx, 'pay.checkout', { people: { sre: ['team:trade-dev'] } })],
        ['app.created', 'pay.checkout.api', () => f.app({ business: 'pay.checkout', name: 'api', labels: { tier: 'front' } })],
        [
          'app.updated',
          'pay.checkout.api',
          () => s.apps.update(ctx, 'pay.checkout.api', { title: 'API', runtime: { PROD: { ports: [] } } }),
        ],
        ['app.moved', 'pay.checkout.gateway', () => s.apps.move(ctx, 'pay.checkout.api', { name: 'gateway' })],
        ['business.moved', 'pay.cart', () => s.nodes.moveBusiness(ctx, 'pay.checkout', { name: 'cart' })],
        ['domain.renamed', 'payment', () => s.nodes.renameDomain(ctx, 'pay', 'payment')],
        ['app.deleted', 'payment.cart.gateway', () => s.apps.delete(ctx, 'pay.checkout.api')],
        ['business.deleted', 'payment.cart', () => s.nodes.deleteBusiness(ctx, 'pay.checkout')],
        ['domain.deleted', 'payment', () => s.nodes.deleteDomain(ctx, 'pay')],
      ];
      for (const [type, key, change] of cases) {
        const written = await expectOneChange(d, type, change);
        expect({ type, actor: written.audit.actor, key: written.audit.entityKey }).toEqual({ type, actor: 'system', key });
      }
    });

    it('carries the before and after of the change in both the audit row and the event', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      const written = await expectOneChange(db().db, 'app.updated', () =>
        f.s.apps.update(f.ctx, 'pay.checkout.api', { title: 'Checkout API' }),
      );
      const event = await db().db.selectFrom('outbox_events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
      expect(payload).toMatchObject({ auditId: written.audit.id, at: T0, actor: 'system', entityKey: 'pay.checkout.api' });
      expect([payload.before.title, payload.after.title]).toEqual(['api', 'Checkout API']);
      const [row] = (await f.s.audit.list(f.ctx, { entity: 'app:pay.checkout.api', limit: 1 })).items;
      expect(row).toMatchObject({
        id: written.audit.id,
        action: 'updated',
        at: T0,
        requestId: null,
        batchId: null,
        before: { title: 'api' },
        after: { title: 'Checkout API' },
      });
    });

    it('writes neither an audit row nor an event for a refused change', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await f.app({ business: 'pay.billing', name: 'api' });
      const s = f.s;
      const ctx = f.ctx;
      const bob = await userCtx(f, 'bob', false);
      const refused: Array<[string, () => Promise<unknown>]> = [
        ['domain_exists', () => f.domain('pay')],
        ['business_exists', () => f.business({ domain: 'pay', name: 'checkout', product: 'payments' })],
        ['app_exists', () => f.app({ business: 'pay.checkout', name: 'api' })],
        ['app_exists', () => s.apps.move(ctx, 'pay.checkout.api', { business: 'pay.billing' })],
        ['business_not_found', () => f.app({ business: 'pay.nowhere', name: 'web' })],
        ['unknown_subject', () => f.app({ business: 'pay.checkout', name: 'web', people: { owner: ['ghost'] } })],
        ['unknown_environment', () => s.apps.update(ctx, 'pay.checkout.api', { runtime: { NOWHERE: { ports: [] } } })],
        ['unknown_product', () => s.nodes.updateBusiness(ctx, 'pay.checkout', { product: 'nothing' })],
        ['node_not_empty', () => s.nodes.deleteBusiness(ctx, 'pay.checkout')],
        ['node_not_empty', () => s.nodes.deleteDomain(ctx, 'pay')],
        ['node_not_empty', () => s.finance.deleteProduct(ctx, 'payments')],
        ['node_not_empty', () => s.finance.deleteOrg(ctx, 'money')],
        ['org_cycle', () => s.finance.updateOrg(ctx, 'money', { parent: 'money' })],
        ['environment_built_in', () => s.environments.delete(ctx, 'PROD')],
        ['admin_required', () => s.nodes.createDomain(bob, { name: 'shop' })],
        ['not_permitted', () => s.apps.update(bob, 'pay.checkout.api', { title: 'Mine' })],
      ];
      for (const [code, change] of refused) {
        await expectNoChange(db().db, async () => expect((await refusal(change())).code).toBe(code));
      }
    });

    it('writes nothing for a move or rename onto the current key', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      await expectNoChange(db().db, async () => {
        await f.s.apps.move(f.ctx, 'pay.checkout.api', { business: 'pay.checkout', name: 'api' });
        await f.s.nodes.moveBusiness(f.ctx, 'pay.checkout', { domain: 'pay' });
        await f.s.nodes.renameDomain(f.ctx, 'pay', 'pay');
      });
    });

    it('rolls the change back when its audit record cannot be written in the same transaction', async () => {
      const { f } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      const recorder = f.s.deps.changes;
      const real = recorder.record.bind(recorder);
      const spy = vi.spyOn(recorder, 'record').mockImplementation(async (tx, ctx, change) => {
        await real(tx, ctx, change);
        throw new Error('outbox unavailable');
      });
      const before = await changeCounts(db().db);
      await expect(f.app({ business: 'pay.checkout', name: 'web' })).rejects.toThrow('outbox unavailable');
      await expect(f.s.apps.move(f.ctx, 'pay.checkout.api', { name: 'gateway' })).rejects.toThrow('outbox unavailable');
      await expect(f.s.nodes.renameDomain(f.ctx, 'pay', 'payment')).rejects.toThrow('outbox unavailable');
      spy.mockRestore();
      expect(await changeCounts(db().db)).toEqual(before);
      expect((await refusal(f.s.apps.get('pay.checkout.web'))).code).toBe('app_not_found');
      expect(await f.s.apps.get('pay.checkout.api')).toMatchObject({ appid: 'pay.checkout.api', aliases: [], requestedAs: null });
      expect((await refusal(f.s.apps.get('pay.checkout.gateway'))).code).toBe('app_not_found');
      expect((await refusal(f.s.nodes.getDomain('payment'))).code).toBe('domain_not_found');
      expect(await db().db.selectFrom('aliases').selectAll().execute()).toEqual([]);
    });
  });

  describe('reading the log', () => {
    /**
     * T0     system: org, product, domain pay, businesses, app pay.checkout.api
     * T0+1h  alice:  app title; domain ops
     * T0+2h  system: app renamed to pay.checkout.gateway
     */
    async function history() {
      const { f, clock } = setup();
      await payTree(f);
      await f.app({ business: 'pay.checkout', name: 'api' });
      const alice = await userCtx(f, 'alice');
      clock.advance(HOUR);
      await f.s.apps.update(alice, 'pay.checkout.api', { title: 'Checkout API' });
      await f.s.nodes.createDomain(alice, { name: 'ops' });
      clock.advance(HOUR);
      await f.s.apps.move(f.ctx, 'pay.checkout.api', { name: 'gateway' });
      const list = async (q: Omit<AuditQuery, 'limit'> & { limit?: number }) =>
        (await f.s.audit.list(f.ctx, { limit: 100, ...q })).items.map((r) => `${r.entityType}.${r.action} ${r.entityKey} by ${r.actor}`);
      return { f, list };
    }

    it('follows an app through its renames: the new and the old appid both show its whole history, newest first', async () => {
      const { list } = await history();
      const expected = [
        'app.moved pay.checkout.gateway by system',
        'app.updated pay.checkout.api by user:alice',
        'app.created pay.checkout.api by system',
      ];
      expect(await list({ entity: 'app:pay.checkout.gateway' })).toEqual(expected);
      expect(await list({ entity: 'app:pay.checkout.api' })).toEqual(expected);
    });

    it('follows businesses and domains through their renames', async () => {
      const { f, list } = await history();
      await f.s.nodes.moveBusiness(f.ctx, 'pay.checkout', { name: 'cart' });
      await f.s.nodes.renameDomain(f.ctx, 'pay', 'payment');
      const business = ['business.moved pay.cart by system', 'business.created pay.checkout by system'];
      expect(await list({ entity: 'business:payment.cart' })).toEqual(business);
      expect(await list({ entity: 'business:pay.checkout' })).toEqual(business);
      expect(await list({ entity: 'domain:pay' })).toEqual(['domain.renamed payment by system', 'domain.created pay by system']);
      expect(await list({ entity: 'app:payment.cart.gateway' })).toHaveLength(3);
    });

    it('finds a deleted app by its last appid and by an older one', async () => {
      const { f, list } = await history();
      await f.s.apps.delete(f.ctx, 'pay.checkout.gateway');
      const expected = [
        'app.deleted pay.checkout.gateway by system',
        'app.moved pay.checkout.gateway by system',
        'app.updated pay.checkout.api by user:alice',
        'app.created pay.checkout.api by system',
      ];
      expect(await list({ entity: 'app:pay.checkout.gateway' })).toEqual(expected);
      expect(await list({ entity: 'app:pay.checkout.api' })).toEqual(expected);
    });

    it('returns no rows for an entity that never existed', async () => {
      const { list } = await history();
      expect(await list({ entity: 'app:pay.checkout.never' })).toEqual([]);
      expect(await list({ entity: 'domain:nowhere' })).toEqual([]);
    });

    it('filters by entity type alone', async () => {
      const { list } = await history();
      expect(await list({ entity: 'domain' })).toEqual(['domain.created ops by user:alice', 'domain.created pay by system']);
      expect(await list({ entity: 'app' })).toHaveLength(3);
    });

    it('filters by actor, and by actor together with entity', async () => {
      const { list } = await history();
      expect(await list({ actor: 'user:alice' })).toEqual([
        'domain.created ops by user:alice',
        'app.updated pay.checkout.api by user:alice',
      ]);
      expect(await list({ actor: 'user:alice', entity: 'domain' })).toEqual(['domain.created ops by user:alice']);
      expect(await list({ actor: 'user:nobody' })).toEqual([]);
    });

    it('filters by since, inclusive, reading any ISO-8601 offset as the same instant', async () => {
      const { list } = await history();
      const fromOneHour = [
        'app.moved pay.checkout.gateway by system',
        'domain.created ops by user:alice',
        'app.updated pay.checkout.api by user:alice',
      ];
      expect(await list({ since: '2026-11-26T10:00:00.000Z' })).toEqual(fromOneHour);
      expect(await list({ since: '2026-11-26T11:00:00+01:00' })).toEqual(fromOneHour);
      expect(await list({ since: '2026-11-26T10:00:00.001Z' })).toEqual(['app.moved pay.checkout.gateway by system']);
      expect(await list({ since: '2026-11-26T12:00:00Z' })).toEqual([]);
      expect(await list({ since: '2026-11-26T10:30:00Z', entity: 'app:pay.checkout.api' })).toEqual([
        'app.moved pay.checkout.gateway by system',
      ]);
    });

    it('refuses a since that is not a timestamp with 400 invalid_timestamp', async () => {
      const { f } = await history();
      expect(await refusal(f.s.audit.list(f.ctx, { since: 'yesterday', limit: 10 }))).toEqual({
        status: 400,
        code: 'invalid_timestamp',
        details: { field: 'since' },
      });
    });

    it('pages newest first with a cursor, each row exactly once', async () => {
      const { f } = await history();
      const all = (await f.s.audit.list(f.ctx, { limit: 1000 })).items;
      expect(all.length).toBeGreaterThan(7);
      expect(all.map((r) => r.id)).toEqual(
        all
          .map((r) => r.id)
          .sort()
          .reverse(),
      );
      expect(all.map((r) => r.at)).toEqual([...all.map((r) => r.at)].sort().reverse());

      const walked: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 50; guard++) {
        const page = await f.s.audit.list(f.ctx, { limit: 3, cursor });
        walked.push(...page.items.map((r) => r.id));
        sizes.push(page.items.length);
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(walked).toEqual(all.map((r) => r.id));
      expect(sizes.slice(0, -1).every((n) => n === 3)).toBe(true);
    });

    it('pages within a filter, and new rows do not shift later pages', async () => {
      const { f } = await history();
      const first = await f.s.audit.list(f.ctx, { entity: 'app:pay.checkout.gateway', limit: 2 });
      expect(first.items.map((r) => r.action)).toEqual(['moved', 'updated']);
      await f.s.apps.update(f.ctx, 'pay.checkout.gateway', { level: 'L1' });
      const second = await f.s.audit.list(f.ctx, { entity: 'app:pay.checkout.gateway', limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second.items.map((r) => r.action)).toEqual(['created']);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a cursor it did not issue with 400 invalid_cursor', async () => {
      const { f } = await history();
      expect((await refusal(f.s.audit.list(f.ctx, { limit: 10, cursor: '%%%' }))).code).toBe('invalid_cursor');
    });
  });
});
