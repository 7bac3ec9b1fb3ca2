import { expect, it } from 'vitest';
import { bill, billingWorld, pushAll } from '../../../test/billing-helpers.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { upsertOk } from '../../../test/resource-helpers.ts';
import { costsOut, costTreeOut } from './billing.schemas.ts';

// /costs and /costs/tree are serialized with JSON.stringify rather than their zod response schema
// (see sendBuilt); these tests hold the responses to those schemas, strictly, so they cannot drift.
describeEachDialect('cost responses match their declared schemas', (db) => {
  it('answers /costs and both /costs/tree hierarchies exactly in the declared shape, unallocated and deleted buckets included', async () => {
    const w = await billingWorld(db());
    w.clock.set('2026-10-01T00:00:00Z');
    await upsertOk(w.kubeApi, [
      { type: 'container', externalId: 'held', attach: [{ appid: 'pay.checkout.api', env: 'PROD' }] },
      { type: 'container', externalId: 'idle' },
    ]);
    w.clock.set('2026-11-02T00:00:00Z');
    await pushAll(w.kubeApi, [
      bill('container/held', '2026-10-01', '2026-10-02', '1.50'),
      bill('container/idle', '2026-10-01', '2026-10-02', '0.25', { BillingCurrency: 'USD' }),
    ]);
    for (const url of [
      '/api/v1/costs?month=2026-10&groupBy=app,env,business,domain,product,org,type,tenant,month',
      '/api/v1/costs?from=2026-09-15&to=2026-11-03&groupBy=day',
    ]) {
      const res = await w.api.get(url);
      expect(res.statusCode, url + res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json();
      expect(costsOut.strict().parse(body)).toEqual(body);
    }
    for (const hierarchy of ['business', 'finance']) {
      for (const currency of ['CNY', 'USD']) {
        const res = await w.api.get(`/api/v1/costs/tree?month=2026-10&hierarchy=${hierarchy}&currency=${currency}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(costTreeOut.strict().parse(body)).toEqual(body);
        expect(body.amount).toBe(currency === 'CNY' ? '1.50' : '0.25');
      }
    }
  });
});
