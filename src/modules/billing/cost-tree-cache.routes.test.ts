import { expect, it } from 'vitest';
import { bill, billingWorld, pushAll } from '../../../test/billing-helpers.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { upsertOk } from '../../../test/resource-helpers.ts';

// The cost tree is cached between changes; these tests hold it to what the roll-ups say after each change.
describeEachDialect('cost tree cache', (db) => {
  it('answers a push and an app rename made after the tree was read, and keeps the view of each tenant apart', async () => {
    const w = await billingWorld(db());
    w.clock.set('2026-10-01T00:00:00Z');
    await upsertOk(w.kubeApi, [{ type: 'container', externalId: 'c1', attach: [{ appid: 'pay.checkout.api', env: 'PROD' }] }]);
    w.clock.set('2026-11-02T00:00:00Z');
    await pushAll(w.kubeApi, [bill('container/c1', '2026-10-01', '2026-10-02', '1.00')]);
    const tree = async () => (await w.api.get('/api/v1/costs/tree?month=2026-10&hierarchy=business')).json();
    const keys = (t: { children: Array<{ key: string; children?: Array<{ key: string; children?: Array<{ key: string }> }> }> }) =>
      t.children.flatMap((d) => (d.children ?? []).flatMap((b) => (b.children ?? []).map((a) => a.key)));

    expect((await tree()).amount).toBe('1.00');
    await pushAll(w.kubeApi, [bill('container/c1', '2026-10-02', '2026-10-03', '2.50')]);
    expect((await tree()).amount).toBe('3.50');

    expect(keys(await tree())).toEqual(['pay.checkout.api']);
    const renamed = await w.api.post('/api/v1/apps/pay.checkout.api/move', { name: 'gateway' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(keys(await tree())).toEqual(['pay.checkout.gateway']);
    // a tenant's own view is cached apart from the admin's
    expect((await w.kubeApi.get('/api/v1/costs/tree?month=2026-10')).json().amount).toBe('3.50');
    expect((await w.dbaApi.get('/api/v1/costs/tree?month=2026-10')).json().amount).toBe('0.00');
  });
});
