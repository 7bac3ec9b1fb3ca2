import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { systemContext } from '../modules/auth/principal.ts';
import { recomputeCosts } from '../modules/billing/index.ts';
import { parseAppId } from '../modules/tree/naming.ts';
import { buildServices, type Services } from '../services.ts';
import { fixedClock } from '../shared/clock.ts';
import { demoAppInputs } from './demo-app-input.ts';
import { demoResources } from './demo-costs.ts';
import { loadDemo } from './load-demo.ts';

const CREATED = {
  users: 12,
  teams: 7,
  orgs: 8,
  products: 6,
  domains: 6,
  businesses: 23,
  apps: 80,
  tenants: 1,
  resourceTypes: 3,
  resources: 150,
};
const TOTAL = Object.values(CREATED).reduce((a, b) => a + b, 0);
const NOTHING = {
  users: 0,
  teams: 0,
  orgs: 0,
  products: 0,
  domains: 0,
  businesses: 0,
  apps: 0,
  tenants: 0,
  resourceTypes: 0,
  resources: 0,
};
/** The demo bills up to the last day that has ended, so "now" is fixed: Aug–Oct 2026 in full and 25 days of November. */
const NOW = '2026-11-26T10:00:00Z';
/** 140 resources × 117 days (Aug 1 – Nov 25) + 10 that arrived on Oct 11 × 46 days (Oct 11 – Nov 25). */
const BILL_LINES = 140 * 117 + 10 * 46;
const services = (handle: Parameters<typeof buildServices>[0]) => buildServices(handle, { clock: fixedClock(NOW) });

async function allApps(s: Services) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await s.apps.list({ limit: 50, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describeEachDialect('loadDemo', (db) => {
  it('loads the whole demo tree, every appid valid', async () => {
    const s = services(db());
    const started = performance.now();
    expect(await loadDemo(s)).toEqual({ ...CREATED, billLines: BILL_LINES, created: TOTAL, skipped: 0 });
    expect(performance.now() - started).toBeLessThan(15_000);

    expect((await s.apps.tree(false)).counts).toEqual({ domains: 6, businesses: 23, apps: 80 });
    expect(await s.finance.listOrgs(undefined, 100)).toHaveLength(8);
    expect(await s.finance.listProducts({}, 100)).toHaveLength(6);
    expect(await s.people.listTeams(undefined, 100)).toHaveLength(7);
    expect(await s.people.listUsers(undefined, 100)).toHaveLength(12);

    const apps = await allApps(s);
    expect(apps).toHaveLength(80);
    for (const app of apps) {
      expect(parseAppId(app.appid), app.appid).toEqual({ domain: app.domain, business: app.business.split('.')[1], app: app.name });
    }

    const gateway = await s.apps.get('pay.checkout.gateway');
    expect(gateway).toMatchObject({ title: '支付网关', level: 'L0', assurance: '7x24', product: 'payment', org: 'fintech' });
    expect(gateway.labels).toEqual({ team: 'pay-dev', lang: 'java', tier: 'backend' });
    expect(Object.keys(gateway.runtime).sort()).toEqual(['FAT', 'PRE', 'PROD', 'UAT']);
    expect(gateway.people.owner).toEqual(['wangfang']);
    expect(gateway.people.developer).toContain('team:pay-dev');
    expect((await s.people.getTeam('sre')).members).toContain('alice.wu');
    expect((await s.finance.getOrg('infrastructure')).parent).toBe('platform');
  });

  it('creates nothing the second time', async () => {
    const s = services(db());
    await loadDemo(s);
    expect(await loadDemo(s)).toEqual({ ...NOTHING, billLines: 0, created: 0, skipped: TOTAL });
    expect((await s.apps.tree(false)).counts).toEqual({ domains: 6, businesses: 23, apps: 80 });
  });

  it('leaves renamed demo records alone and fills in only what was deleted', async () => {
    const s = services(db());
    await loadDemo(s);
    await s.nodes.renameDomain(systemContext, 'trade', 'commerce');
    // an app that holds no demo resource (one that does cannot be deleted while attached)
    const held = new Set(demoResources().flatMap((r) => [...(r.input.attach ?? []).map((a) => a.appid), r.moveTo]));
    const free = demoAppInputs()
      .map((a) => `${a.business}.${a.name}`)
      .find((id) => !held.has(id) && !id.startsWith('trade.')) as string;
    await s.apps.delete(systemContext, free);
    expect(await loadDemo(s)).toEqual({ ...NOTHING, apps: 1, billLines: 0, created: 1, skipped: TOTAL - 1 });
    expect((await s.apps.tree(false)).counts).toEqual({ domains: 6, businesses: 23, apps: 80 });
    expect((await s.apps.get('trade.order.order-api')).appid).toBe('commerce.order.order-api');
  });

  it('has costs for every month it bills, attributed over time, equal to a full recomputation', async () => {
    const s = services(db());
    await loadDemo(s);
    const october = await s.costs.costs(systemContext, { from: '2026-10-01', to: '2026-11-01', groupBy: ['tenant'] });
    expect(october.totals.map((t) => t.currency)).toEqual(['CNY', 'USD']);
    for (const t of october.totals) expect(Number(t.amount)).toBeGreaterThan(1_000);
    for (const month of ['2026-08', '2026-09', '2026-11']) {
      const tree = await s.costs.tree(systemContext, { month, hierarchy: 'finance' });
      expect(tree.children.length, month).toBeGreaterThan(0);
      expect(
        tree.unallocated.map((u) => u.tenant),
        month,
      ).toEqual(['cloud']);
    }
    // The instance that moved on Sep 15 at noon: that day half on each app, before and after wholly on one.
    const moved = await s.resources.history(systemContext, 'ecs', 'i-007');
    expect(moved.attachments.map((a) => [a.attachedAt, a.detachedAt])).toEqual([
      ['2026-07-27T08:00:00.000Z', '2026-09-15T12:00:00.000Z'],
      ['2026-09-15T12:00:00.000Z', null],
    ]);
    const lines = await s.bills.lines(systemContext, { resource: 'ecs/i-007', month: '2026-09', limit: 100 });
    const split = lines.items.find((l) => l.ChargePeriodStart.startsWith('2026-09-15'));
    expect(split?.allocations.map((a) => a.appid)).toHaveLength(2);
    expect((await recomputeCosts(s.handle.db, s.handle.dialect)).mismatches).toEqual([]);
  });
});
