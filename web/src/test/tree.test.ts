import { describe, expect, it } from 'vitest';
import { businessLineNodes, filterNodes, financeNodes, nodePath, type TreeInput } from '../lib/tree';

const tree: TreeInput = {
  domains: [
    {
      name: 'trade',
      title: '交易 Trade',
      appCount: 3,
      businesses: [
        {
          name: 'order',
          title: '订单',
          product: 'mall',
          appCount: 2,
          apps: [
            { name: 'order-api', title: '订单服务', level: 'L0' },
            { name: 'order-sync', title: 'Order Sync', level: 'L2' },
          ],
        },
        { name: 'cart', title: '购物车', product: 'mall', appCount: 1, apps: [{ name: 'cart-api', title: 'Cart', level: 'L1' }] },
      ],
    },
    {
      name: 'pay',
      title: '支付',
      appCount: 1,
      businesses: [
        { name: 'checkout', title: '收银', product: 'payments', appCount: 1, apps: [{ name: 'gateway', title: '支付网关', level: 'L0' }] },
      ],
    },
  ],
};

describe('tree navigator model', () => {
  it('builds domain → business → app with appids', () => {
    const nodes = businessLineNodes(tree);
    expect(nodes.map((n) => n.key)).toEqual(['domain:trade', 'domain:pay']);
    expect(nodes[0]?.children?.[0]?.children?.map((a) => a.id)).toEqual(['trade.order.order-api', 'trade.order.order-sync']);
  });

  it('keeps matches with their ancestors and expands the ancestors', () => {
    const r = filterNodes(businessLineNodes(tree), 'ORDER-api');
    expect(r.matches).toBe(1);
    expect(r.nodes).toHaveLength(1);
    expect(r.nodes[0]?.children?.[0]?.children?.map((a) => a.id)).toEqual(['trade.order.order-api']);
    expect(r.expanded.sort()).toEqual(['business:trade.order', 'domain:trade']);
  });

  it('matches titles in any script and every word of the query', () => {
    expect(filterNodes(businessLineNodes(tree), '网关').nodes[0]?.id).toBe('pay');
    expect(filterNodes(businessLineNodes(tree), 'order sync').matches).toBe(1);
    const none = filterNodes(businessLineNodes(tree), 'nothing-like-this');
    expect([none.matches, none.nodes.length]).toEqual([0, 0]);
  });

  it('returns the whole tree for an empty query', () => {
    const nodes = businessLineNodes(tree);
    expect(filterNodes(nodes, '  ').nodes).toBe(nodes);
  });

  it('builds org → product → business for the finance view', () => {
    const nodes = financeNodes(
      [
        { name: 'acme', title: 'ACME', parent: null },
        { name: 'mall-eng', title: 'Mall engineering', parent: 'acme' },
      ],
      [
        { name: 'mall', title: 'Mall', org: 'mall-eng' },
        { name: 'payments', title: 'Payments', org: 'acme' },
      ],
      tree,
    );
    expect(nodes.map((n) => n.id)).toEqual(['acme']);
    const [sub, payments] = nodes[0]?.children ?? [];
    expect(sub?.id).toBe('mall-eng');
    expect(sub?.children?.[0]?.children?.map((b) => b.id)).toEqual(['trade.order', 'trade.cart']);
    expect(payments?.id).toBe('payments');
    expect(nodes[0]?.count).toBe(4);
  });

  it('searches 100k apps without a visible stall', () => {
    const big: TreeInput = {
      domains: Array.from({ length: 20 }, (_, d) => ({
        name: `d${d}`,
        title: `Domain ${d}`,
        appCount: 5000,
        businesses: Array.from({ length: 50 }, (_, b) => ({
          name: `b${b}`,
          title: `Business ${b}`,
          product: 'p',
          appCount: 100,
          apps: Array.from({ length: 100 }, (_, a) => ({ name: `app-${d}-${b}-${a}`, title: `应用 ${a}`, level: 'L2' })),
        })),
      })),
    };
    const nodes = businessLineNodes(big);
    expect(filterNodes(nodes, 'app-7-3-').matches).toBe(100);
    // One pass over precomputed text (≈10–50 ms here). Best of three: the machine is shared, and a
    // GC pause or a neighbour's burst is not what this guards against — an accidental O(n²) is.
    const runs = ['app-7-3-', '应用 5', 'zzz'].map((q) => {
      const t0 = performance.now();
      filterNodes(nodes, q);
      return performance.now() - t0;
    });
    expect(Math.min(...runs)).toBeLessThan(150);
  });

  it('links every kind of node to its page', () => {
    expect(nodePath('app', 'trade.order.order-api')).toBe('/apps/trade.order.order-api');
    expect(nodePath('business', 'trade.order')).toBe('/businesses/trade.order');
    expect(nodePath('org', 'acme')).toBe('/orgs/acme');
  });
});
