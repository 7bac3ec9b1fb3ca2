import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { systemContext } from '../modules/auth/principal.ts';
import { parseAppId } from '../modules/tree/naming.ts';
import { buildServices, type Services } from '../services.ts';
import { loadDemo } from './load-demo.ts';

const CREATED = { users: 12, teams: 7, orgs: 8, products: 6, domains: 6, businesses: 23, apps: 80 };
const TOTAL = Object.values(CREATED).reduce((a, b) => a + b, 0);
const NOTHING = { users: 0, teams: 0, orgs: 0, products: 0, domains: 0, businesses: 0, apps: 0 };

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
    const s = buildServices(db());
    const started = performance.now();
    expect(await loadDemo(s)).toEqual({ ...CREATED, created: TOTAL, skipped: 0 });
    expect(performance.now() - started).toBeLessThan(10_000);

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
    const s = buildServices(db());
    await loadDemo(s);
    expect(await loadDemo(s)).toEqual({ ...NOTHING, created: 0, skipped: TOTAL });
    expect((await s.apps.tree(false)).counts).toEqual({ domains: 6, businesses: 23, apps: 80 });
  });

  it('leaves renamed demo records alone and fills in only what was deleted', async () => {
    const s = buildServices(db());
    await loadDemo(s);
    await s.nodes.renameDomain(systemContext, 'trade', 'commerce');
    await s.apps.delete(systemContext, 'pay.checkout.refund');
    expect(await loadDemo(s)).toEqual({ ...NOTHING, apps: 1, created: 1, skipped: TOTAL - 1 });
    expect((await s.apps.tree(false)).counts).toEqual({ domains: 6, businesses: 23, apps: 80 });
    expect((await s.apps.get('trade.order.order-api')).appid).toBe('commerce.order.order-api');
  });
});
