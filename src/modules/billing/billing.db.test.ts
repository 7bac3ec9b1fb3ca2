import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  type BillingWorld,
  bill,
  billingWorld,
  costLines,
  costs,
  expectRollupsRecompute,
  micros,
  push,
  pushAll,
  statementBoth,
} from '../../../test/billing-helpers.ts';
import { describeEachDialect, freshDatabase } from '../../../test/dialects.ts';
import { resourcePath, snapshotTables, T0, upsertOk } from '../../../test/resource-helpers.ts';
import { formatMoney } from '../../shared/money.ts';
import { attribute, type HolderInterval } from './attribution.ts';

const API = 'pay.checkout.api';
const WEB = 'pay.checkout.web';
const CORE = 'pay.refund.core';
const AGENT = 'ops.infra.agent';
const H = 3_600_000;

describeEachDialect('billing ingestion', (db, dialect) => {
  /** container/shared (api PROD 70, web FAT 30) and lb/steady (core UAT), both from October 1st; the clock at T0. */
  async function stocked(): Promise<BillingWorld> {
    const w = await billingWorld(db());
    w.clock.set('2026-10-01T00:00:00Z');
    await upsertOk(w.kubeApi, [
      {
        type: 'container',
        externalId: 'shared',
        attach: [
          { appid: API, env: 'PROD', weight: 70 },
          { appid: WEB, env: 'FAT', weight: 30 },
        ],
      },
      { type: 'lb', externalId: 'steady', attach: [{ appid: CORE, env: 'UAT' }] },
    ]);
    w.clock.set(T0);
    return w;
  }

  describe('atomicity', () => {
    it('leaves no line, allocation, roll-up delta, rejection or audit row of a call that fails while writing', async () => {
      const w = await stocked();
      await pushAll(w.kubeApi, [bill('lb/steady', '2026-10-01', '2026-10-02', '1.00')]);
      const before = await snapshotTables(w.handle, []);
      // The lines, allocations and both roll-ups are written first; the rejections after them.
      const failing = vi.spyOn(w.f.s.bills.repo, 'writeRejections').mockRejectedValueOnce(new Error('disk full'));
      const res = await w.kubeApi.post('/api/v1/bills', {
        lines: [
          bill('container/shared', '2026-10-01', '2026-11-01', '100.00'),
          bill('lb/steady', '2026-10-05', '2026-10-06', '2.00'),
          bill('lb/steady', '2026-10-05', '2026-10-06', 'two'),
        ],
      });
      expect(res.statusCode).toBe(500);
      expect(failing).toHaveBeenCalledOnce();
      expect(await snapshotTables(w.handle, [])).toEqual(before);
      await expectRollupsRecompute(w.handle);
      // and the same call goes through once the failure is gone
      const again = await push(w.kubeApi, [
        bill('container/shared', '2026-10-01', '2026-11-01', '100.00'),
        bill('lb/steady', '2026-10-05', '2026-10-06', 'two'),
      ]);
      expect([again.accepted, again.rejected.length]).toEqual([1, 1]);
    });

    it.skipIf(dialect === 'sqlite')(
      // PostgreSQL cannot store NUL in text, so the bulk insert fails half-way through a call; SQLite stores it, so there is no failure to observe.
      'writes nothing of a push whose insert fails on the database (NUL in a text column)',
      async () => {
        const w = await stocked();
        const before = await snapshotTables(w.handle, []);
        await expect(
          w.f.s.bills.push(w.kube.ctx, [
            bill('container/shared', '2026-10-01', '2026-11-01', '100.00'),
            bill('lb/steady', '2026-10-05', '2026-10-06', '2.00', { ChargeDescription: 'bad\u0000text' }),
            bill('lb/steady', '2026-10-05', '2026-10-06', 'bad amount'),
          ]),
        ).rejects.toThrow();
        expect(await snapshotTables(w.handle, [])).toEqual(before);
      },
    );

    it('refuses a JSON body with a NUL character (400) before anything is written', async () => {
      const w = await stocked();
      const before = await snapshotTables(w.handle, []);
      const res = await w.kubeApi.post('/api/v1/bills', {
        lines: [bill('container/shared', '2026-10-01', '2026-11-01', '100.00', { ChargeDescription: 'bad\u0000text' })],
      });
      expect(res.statusCode).toBe(400);
      expect(await snapshotTables(w.handle, [])).toEqual(before);
    });
  });

  it('sums 20,000 lines exactly to the last micro-unit, per app and in total', async () => {
    const w = await stocked();
    // deterministic mix: the smallest unit, large amounts with every digit set, credits, ordinary prices
    let seed = 12345;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const amounts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = next() % 5;
      if (r === 0) amounts.push('0.000001');
      else if (r === 1) amounts.push('999999.999999');
      else if (r === 2) amounts.push(`-${next() % 1000}.${String(next() % 1_000_000).padStart(6, '0')}`);
      else amounts.push(`${next()}.${String(next() % 1_000_000).padStart(6, '0')}`);
    }
    const lines = amounts.map((a, i) =>
      bill(i % 2 === 0 ? 'container/shared' : 'lb/steady', '2026-10-03T00:00:00Z', '2026-10-04T00:00:00Z', a, { BillId: `scale-${i}` }),
    );
    const r = await push(w.kubeApi, lines);
    expect([r.accepted, r.duplicates, r.rejected]).toEqual([20_000, 0, []]);

    let total = 0n;
    const byApp = new Map<string, bigint>([
      [API, 0n],
      [WEB, 0n],
      [CORE, 0n],
    ]);
    const add = (k: string, v: bigint) => byApp.set(k, (byApp.get(k) ?? 0n) + v);
    amounts.forEach((a, i) => {
      const m = micros(a);
      total += m;
      if (i % 2 === 1) add(CORE, m);
      else {
        const [api, web] = split7030(m);
        add(API, api);
        add(WEB, web);
      }
    });
    const body = await costs(w.api, 'month=2026-10&groupBy=app');
    expect(body.totals).toEqual([{ currency: 'CNY', amount: formatMoney(total) }]);
    expect(micros(body.totals[0]?.amount ?? '')).toBe(total);
    expect(costLines(body)).toEqual([...byApp].map(([app, v]) => `app=${app} CNY ${formatMoney(v)}`).sort());
    // the daily roll-up and the tree agree to the digit
    expect((await costs(w.api, 'from=2026-10-03&to=2026-10-04')).totals).toEqual(body.totals);
    const tree = await w.api.get('/api/v1/costs/tree?month=2026-10');
    expect(tree.json().amount).toBe(formatMoney(total));
    await expectRollupsRecompute(w.handle);
  }, 60_000);

  describe('roll-ups equal recomputation and an independent model (property)', () => {
    /** Resources of the run: index 4 does not exist. kube owns container and lb, dba owns mysql. */
    const RESOURCES = ['container/c0', 'container/c1', 'lb/l0', 'mysql/m0', 'container/ghost'] as const;
    const OWNER: Record<string, 'kube' | 'dba'> = { container: 'kube', lb: 'kube', mysql: 'dba' };
    const APPS = [API, WEB, CORE, AGENT] as const;
    const ENVS = ['PROD', 'FAT'] as const;
    const START = Date.parse('2026-10-12T00:00:00Z');

    type Line = { bill: number; res: number; backH: number; lengthH: number; micros: bigint; usd: boolean; correction: boolean };
    type Op =
      | { kind: 'push'; gap: number; lines: Line[] }
      | { kind: 'attach'; gap: number; res: number; app: number; env: number; weight: number }
      | { kind: 'detach'; gap: number; res: number; app: number | null }
      | { kind: 'close'; gap: number; month: number }
      | { kind: 'resend'; gap: number; which: number };
    /** A line as pushed, with absolute times. */
    type Item = { billId: string; key: string; start: number; end: number; micros: bigint; currency: string; correction: boolean };

    const gap = fc.integer({ min: 0, max: 120 });
    const line: fc.Arbitrary<Line> = fc.record({
      bill: fc.nat(20),
      res: fc.constantFrom(0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4),
      // periods starting up to 50 days before now (into closed months), a few starting in the future
      backH: fc.integer({ min: -12, max: 24 * 50 }),
      lengthH: fc.integer({ min: 1, max: 96 }),
      micros: fc.oneof(
        fc.bigInt({ min: -1_000_000_000n, max: 1_000_000_000_000n }),
        fc.constantFrom(1n, -1n, 999_999_999_999_999_999n, 7n),
      ),
      usd: fc.boolean(),
      correction: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    });
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('push' as const),
          gap,
          lines: fc.array(line, { minLength: 1, maxLength: 6 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('attach' as const),
          gap,
          res: fc.nat(3),
          app: fc.nat(APPS.length - 1),
          env: fc.nat(ENVS.length - 1),
          weight: fc.integer({ min: 1, max: 100 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('detach' as const),
          gap,
          res: fc.nat(3),
          app: fc.option(fc.nat(APPS.length - 1), { nil: null }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), gap, month: fc.nat(3) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('resend' as const), gap, which: fc.nat(20) }) },
    );

    // Each run builds a fresh database and world (~0.3 s on SQLite, ~1 s on PostgreSQL) and ~15 operations.
    const runs = dialect === 'sqlite' ? 15 : 6;

    it('after random pushes (credits, duplicates, conflicts, future periods), moves, detaches, closes and corrections', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 16 }), async (ops) => {
          const handle = await freshDatabase(dialect);
          try {
            const w = await billingWorld(handle);
            w.clock.set(new Date(START));
            const tenantApi = { kube: w.kubeApi, dba: w.dbaApi };
            await upsertOk(w.kubeApi, [
              { type: 'container', externalId: 'c0' },
              { type: 'container', externalId: 'c1' },
              { type: 'lb', externalId: 'l0' },
            ]);
            await upsertOk(w.dbaApi, [{ type: 'mysql', externalId: 'm0' }]);

            // ── the model ──
            const intervals = new Map<string, Array<HolderInterval & { open: boolean }>>();
            const accepted = new Map<string, Item>();
            const sent: Array<{ tenant: 'kube' | 'dba'; items: Item[] }> = [];
            const closed = new Set<string>();
            const byMonth = new Map<string, bigint>();
            const byApp = new Map<string, bigint>();
            const frozen = new Map<string, unknown>();
            const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
            const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

            for (const o of ops) {
              w.clock.advance(o.gap * H);
              const now = w.clock.now().getTime();
              switch (o.kind) {
                case 'attach': {
                  const key = RESOURCES[o.res] as string;
                  const appid = APPS[o.app] as string;
                  const env = ENVS[o.env] as string;
                  const list = intervals.get(key) ?? [];
                  const res = await tenantApi[OWNER[key.split('/')[0] as string] as 'kube'].post(
                    `/api/v1/resources/${resourcePath(key)}/attach`,
                    { appid, env, weight: o.weight },
                  );
                  if (list.some((i) => i.open && i.appId === appid && i.env === env)) {
                    expect(res.statusCode, res.body).toBe(409);
                  } else {
                    expect(res.statusCode, res.body).toBe(200);
                    list.push({ appId: appid, env, weight: o.weight, from: now, to: null, open: true });
                    intervals.set(key, list);
                  }
                  break;
                }
                case 'detach': {
                  const key = RESOURCES[o.res] as string;
                  const appid = o.app === null ? undefined : APPS[o.app];
                  const res = await tenantApi[OWNER[key.split('/')[0] as string] as 'kube'].post(
                    `/api/v1/resources/${resourcePath(key)}/detach`,
                    appid ? { appid } : {},
                  );
                  const closing = (intervals.get(key) ?? []).filter((i) => i.open && (!appid || i.appId === appid));
                  expect(res.statusCode, res.body).toBe(closing.length > 0 ? 200 : 409);
                  for (const i of closing) {
                    i.open = false;
                    i.to = now;
                  }
                  break;
                }
                case 'close': {
                  const month = ['2026-08', '2026-09', '2026-10', '2026-11'][o.month] as string;
                  const res = await w.api.post(`/api/v1/statements/${month}/close`);
                  if (month >= monthOf(now)) expect(res.json().error?.code).toBe('month_not_ended');
                  else if (closed.has(month)) expect(res.json().error?.code).toBe('month_closed');
                  else {
                    expect(res.statusCode, res.body).toBe(200);
                    closed.add(month);
                    frozen.set(month, await statementBoth(w.api, month));
                  }
                  break;
                }
                case 'push':
                case 'resend': {
                  let tenant: 'kube' | 'dba';
                  let items: Item[];
                  if (o.kind === 'push') {
                    // the tenant of the first line's resource pushes: other lines may be another tenant's
                    tenant = OWNER[(RESOURCES[o.lines[0]?.res ?? 0] as string).split('/')[0] as string] ?? 'kube';
                    items = o.lines.map((l) => ({
                      billId: `b${l.bill}`,
                      key: RESOURCES[l.res] as string,
                      start: now - l.backH * H,
                      end: now - l.backH * H + l.lengthH * H,
                      micros: l.micros,
                      currency: l.usd ? 'USD' : 'CNY',
                      correction: l.correction,
                    }));
                    sent.push({ tenant, items });
                  } else {
                    // a batch sent again as it was: its lines are duplicates now, or refused as they were
                    const earlier = sent[o.which % Math.max(1, sent.length)];
                    if (!earlier) break;
                    ({ tenant, items } = earlier);
                  }
                  const raw = items.map((l) => ({
                    BillId: l.billId,
                    ResourceId: l.key,
                    ChargePeriodStart: new Date(l.start).toISOString(),
                    ChargePeriodEnd: new Date(l.end).toISOString(),
                    BilledCost: formatMoney(l.micros),
                    BillingCurrency: l.currency,
                    ...(l.correction && { ChargeClass: 'Correction' }),
                  }));
                  // what the model says each line becomes
                  const want: Array<[number, string]> = [];
                  let wantAccepted = 0;
                  let wantDuplicates = 0;
                  const seen = new Map<string, Item>();
                  const booked: Array<[string, Item]> = [];
                  for (const [i, l] of items.entries()) {
                    const id = `${tenant}|${l.billId}`;
                    if (OWNER[l.key.split('/')[0] as string] !== tenant) {
                      want.push([i + 1, 'resource_not_owned']);
                      continue;
                    }
                    if (l.key.endsWith('ghost')) {
                      want.push([i + 1, 'resource_not_found']);
                      continue;
                    }
                    const earlier = accepted.get(id);
                    if (earlier) {
                      const same =
                        earlier.key === l.key &&
                        earlier.start === l.start &&
                        earlier.end === l.end &&
                        earlier.currency === l.currency &&
                        earlier.micros === l.micros;
                      if (same) wantDuplicates++;
                      else want.push([i + 1, 'bill_id_conflict']);
                      continue;
                    }
                    const first = seen.get(id);
                    if (first) {
                      const same =
                        first.key === l.key &&
                        first.start === l.start &&
                        first.end === l.end &&
                        first.currency === l.currency &&
                        first.micros === l.micros;
                      if (same) wantDuplicates++;
                      else want.push([i + 1, 'bill_id_conflict']);
                      continue;
                    }
                    if (l.start > now) {
                      want.push([i + 1, 'invalid_period']);
                      continue;
                    }
                    let month = monthOf(l.start);
                    if (closed.has(month)) {
                      if (!l.correction) {
                        want.push([i + 1, 'month_closed']);
                        continue;
                      }
                      month = monthOf(now);
                      if (closed.has(month)) {
                        want.push([i + 1, 'month_closed']);
                        continue;
                      }
                    }
                    seen.set(id, l);
                    booked.push([id, l]);
                    wantAccepted++;
                    add(byMonth, `month=${month} ${l.currency}`, l.micros);
                    for (const p of attribute(l.micros, l.start, l.end, intervals.get(l.key) ?? [])) {
                      add(byApp, `month=${month} app=${p.appId || '-'} env=${p.env || '-'} ${l.currency}`, p.amount);
                    }
                  }
                  const r = await push(tenantApi[tenant], raw);
                  expect(r.rejected.map((x) => [x.line, x.code])).toEqual(want);
                  expect([r.accepted, r.duplicates]).toEqual([wantAccepted, wantDuplicates]);
                  // BillIds accepted by this call are known from the next call on
                  for (const [id, l] of booked) accepted.set(id, l);
                  break;
                }
              }
            }

            await expectRollupsRecompute(handle);
            const lines = (m: Map<string, bigint>) =>
              [...m].map(([k, v]) => `${k.replace(/ (CNY|USD)$/, '')} ${k.slice(-3)} ${formatMoney(v)}`).sort();
            expect(costLines(await costs(w.api, 'from=2026-08-01&to=2027-01-01&groupBy=month'))).toEqual(lines(byMonth));
            expect(costLines(await costs(w.api, 'from=2026-08-01&to=2027-01-01&groupBy=month,app,env'))).toEqual(lines(byApp));
            // the daily roll-up says the same per month
            expect(costLines(await costs(w.api, 'from=2026-08-01&to=2026-12-31&groupBy=month'))).toEqual(lines(byMonth));
            for (const [month, statement] of frozen) expect(await statementBoth(w.api, month), month).toEqual(statement);
          } finally {
            await handle.close();
          }
        }),
        { numRuns: runs },
      );
    }, 120_000);
  });
});

/** A line shared 70/30 by largest remainder, computed here from the remainders (ties to the first part). */
function split7030(m: bigint): [bigint, bigint] {
  if (m < 0n) {
    const [a, b] = split7030(-m);
    return [-a, -b];
  }
  let a = (m * 70n) / 100n;
  let b = (m * 30n) / 100n;
  if (a + b < m) {
    if ((m * 70n) % 100n >= (m * 30n) % 100n) a++;
    else b++;
  }
  return [a, b];
}
