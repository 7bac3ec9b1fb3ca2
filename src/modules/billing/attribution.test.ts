import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, type HolderInterval } from './attribution.ts';

const H = 3_600_000;
/** 2026-10-01T00:00Z and the start of November: a 31-day period. */
const OCT = Date.parse('2026-10-01T00:00:00Z');
const NOV = Date.parse('2026-11-01T00:00:00Z');

const holder = (appId: string, from: number, to: number | null, weight = 1, env = 'PROD'): HolderInterval => ({
  appId,
  env,
  weight,
  from,
  to,
});

/** Parts as `[app, env, amount]`, app '' = unallocated. */
const parts = (amount: bigint, start: number, end: number, holders: HolderInterval[]) =>
  attribute(amount, start, end, holders).map((p) => [p.appId, p.env, p.amount]);

describe('attribute', () => {
  it('charges the whole line to the one app that held the resource all period', () => {
    expect(parts(100n, OCT, NOV, [holder('a', OCT - H, null)])).toEqual([['a', 'PROD', 100n]]);
    expect(parts(100n, OCT, NOV, [holder('a', OCT, NOV)])).toEqual([['a', 'PROD', 100n]]);
  });

  it('splits by time between two apps when the resource moved mid-period', () => {
    const mid = OCT + (NOV - OCT) / 2;
    expect(parts(100_000_000n, OCT, NOV, [holder('a', OCT - H, mid), holder('b', mid, null)])).toEqual([
      ['a', 'PROD', 50_000_000n],
      ['b', 'PROD', 50_000_000n],
    ]);
  });

  it('splits 70/30 by weight when shared all period', () => {
    expect(parts(100_000_000n, OCT, NOV, [holder('a', OCT, null, 70), holder('b', OCT, null, 30, 'FAT')])).toEqual([
      ['a', 'PROD', 70_000_000n],
      ['b', 'FAT', 30_000_000n],
    ]);
  });

  it('charges the unattached half of the period to the unallocated bucket', () => {
    const mid = OCT + (NOV - OCT) / 2;
    expect(parts(100_000_000n, OCT, NOV, [holder('a', mid, null)])).toEqual([
      ['a', 'PROD', 50_000_000n],
      ['', '', 50_000_000n],
    ]);
    expect(parts(100_000_000n, OCT, NOV, [holder('a', OCT, mid)])).toEqual([
      ['a', 'PROD', 50_000_000n],
      ['', '', 50_000_000n],
    ]);
  });

  it('leaves the unallocated part equal to the uncovered share of the period', () => {
    // [0, 10h): a holds [2h, 5h) and [7h, 8h) — 4h of 10 covered, 6h not
    expect(parts(1_000n, 0, 10 * H, [holder('a', 2 * H, 5 * H), holder('a', 7 * H, 8 * H)])).toEqual([
      ['a', 'PROD', 400n],
      ['', '', 600n],
    ]);
    // a credit splits the same way, negated
    expect(parts(-1_000n, 0, 10 * H, [holder('a', 2 * H, 5 * H), holder('a', 7 * H, 8 * H)])).toEqual([
      ['a', 'PROD', -400n],
      ['', '', -600n],
    ]);
    // shared 1:3 over the covered half: a 1/8, b 3/8, unallocated 1/2
    expect(parts(800n, 0, 8 * H, [holder('a', 4 * H, null, 1), holder('b', 4 * H, null, 3)])).toEqual([
      ['a', 'PROD', 100n],
      ['b', 'PROD', 300n],
      ['', '', 400n],
    ]);
  });

  it('gives nothing to an attachment that ended exactly at the period start or began exactly at its end', () => {
    expect(parts(100n, OCT, NOV, [holder('a', OCT - H, OCT)])).toEqual([['', '', 100n]]);
    expect(parts(100n, OCT, NOV, [holder('a', NOV, null)])).toEqual([['', '', 100n]]);
    expect(parts(100n, OCT, NOV, [holder('a', OCT - H, OCT), holder('b', OCT, null), holder('c', NOV, null)])).toEqual([
      ['b', 'PROD', 100n],
    ]);
  });

  it('charges everything to the unallocated bucket when nobody held the resource', () => {
    expect(parts(123n, OCT, NOV, [])).toEqual([['', '', 123n]]);
  });

  it('gives one part to a holder that attached twice to the same app and environment in the period', () => {
    const result = parts(900n, 0, 9 * H, [holder('a', 0, 3 * H), holder('a', 4 * H, 6 * H), holder('a', 8 * H, null)]);
    expect(result).toEqual([
      ['a', 'PROD', 600n],
      ['', '', 300n],
    ]);
    // the same app in two environments is two parts
    expect(parts(900n, 0, 9 * H, [holder('a', 0, null, 1, 'PROD'), holder('a', 0, null, 2, 'FAT')])).toEqual([
      ['a', 'FAT', 600n],
      ['a', 'PROD', 300n],
    ]);
  });

  it('orders parts by app then environment, unallocated last, whatever the order of the holders', () => {
    const hs = [holder('c', 0, null), holder('a', 0, null, 1, 'UAT'), holder('b', 5 * H, null), holder('a', 0, null, 1, 'FAT')];
    const got = parts(1_000_000n, 0, 10 * H, hs).map(([a, e]) => `${a}/${e}`);
    expect(got).toEqual(['a/FAT', 'a/UAT', 'b/PROD', 'c/PROD']);
    expect(parts(1_000_000n, 0, 10 * H, [...hs].reverse())).toEqual(parts(1_000_000n, 0, 10 * H, hs));
    expect(parts(10n, 0, 10 * H, [holder('z', 5 * H, null)]).map(([a]) => a)).toEqual(['z', '']);
  });

  it('rounds deterministically: one micro-unit shared three ways goes to the first part', () => {
    expect(parts(1n, 0, H, [holder('a', 0, null), holder('b', 0, null), holder('c', 0, null)])).toEqual([
      ['a', 'PROD', 1n],
      ['b', 'PROD', 0n],
      ['c', 'PROD', 0n],
    ]);
  });

  it('refuses a period that does not end after it starts', () => {
    expect(() => attribute(1n, OCT, OCT, [])).toThrow(RangeError);
    expect(() => attribute(1n, NOV, OCT, [])).toThrow(RangeError);
  });

  describe('properties', () => {
    /**
     * Times are whole slots of 1 s in [0, 40) so a brute force can walk them one by one; holders
     * overlap, repeat, start before and end after the period.
     */
    const SLOT = 1_000;
    const holderArb = fc
      .record({
        app: fc.constantFrom('a', 'b', 'c', 'd'),
        env: fc.constantFrom('PROD', 'FAT'),
        weight: fc.integer({ min: 1, max: 100 }),
        from: fc.integer({ min: 0, max: 39 }),
        length: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
      })
      .map(
        (h): HolderInterval => ({
          appId: h.app,
          env: h.env,
          weight: h.weight,
          from: h.from * SLOT,
          to: h.length === null ? null : (h.from + h.length) * SLOT,
        }),
      );
    const periodArb = fc
      .tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 1, max: 40 }))
      .map(([s, len]) => [s * SLOT, Math.min(40, s + len) * SLOT] as const)
      .filter(([s, e]) => e > s);
    const amountArb = fc.oneof(fc.bigInt({ min: -1_000n, max: 1_000n }), fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }));

    /** Each holder's exact share of the period as a fraction num/den, slot by slot (no interval arithmetic). */
    function bruteForceShares(start: number, end: number, holders: HolderInterval[]): { den: bigint; num: Map<string, bigint> } {
      const slots = (end - start) / SLOT;
      // common denominator: slots × lcm of every weight total (a product is a multiple of it, fine for BigInt)
      const totals: bigint[] = [];
      for (let t = start; t < end; t += SLOT) {
        const active = holders.filter((h) => h.from <= t && (h.to === null || h.to > t));
        totals.push(active.reduce((s, h) => s + BigInt(h.weight), 0n));
      }
      const l = totals.reduce((acc, w) => (w === 0n ? acc : lcm(acc, w)), 1n);
      const den = BigInt(slots) * l;
      const num = new Map<string, bigint>();
      let i = 0;
      for (let t = start; t < end; t += SLOT, i++) {
        const total = totals[i] as bigint;
        const active = holders.filter((h) => h.from <= t && (h.to === null || h.to > t));
        if (total === 0n) num.set('', (num.get('') ?? 0n) + l);
        for (const h of active) {
          const k = `${h.appId}/${h.env}`;
          num.set(k, (num.get(k) ?? 0n) + (l * BigInt(h.weight)) / total);
        }
      }
      return { den, num };
    }

    it('splits any line into parts that add up to the line', () => {
      fc.assert(
        fc.property(amountArb, periodArb, fc.array(holderArb, { maxLength: 8 }), (amount, [start, end], holders) => {
          const got = attribute(amount, start, end, holders);
          expect(got.reduce((s, p) => s + p.amount, 0n)).toBe(amount);
          const keys = got.map((p) => `${p.appId}/${p.env}`);
          expect(new Set(keys).size).toBe(keys.length);
        }),
        { numRuns: 2000 },
      );
    });

    it('gives each holder its time- and weight-share of the line, within one micro-unit, and the rest to unallocated', () => {
      fc.assert(
        fc.property(amountArb, periodArb, fc.array(holderArb, { maxLength: 8 }), (amount, [start, end], holders) => {
          const { den, num } = bruteForceShares(start, end, holders);
          const got = new Map(attribute(amount, start, end, holders).map((p) => [p.appId === '' ? '' : `${p.appId}/${p.env}`, p.amount]));
          // no part for a holder without a share, and every share has a part (a zero share of a non-zero amount has none)
          for (const k of got.keys()) expect(num.has(k), `unexpected part ${k}`).toBe(true);
          for (const [k, n] of num) {
            const part = got.get(k) ?? 0n;
            const off = part * den - amount * n;
            expect(off < den && off > -den, `${k}: ${part} vs ${amount}·${n}/${den}`).toBe(true);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('gives the same parts for the same holders in any order', () => {
      fc.assert(
        fc.property(
          amountArb,
          periodArb,
          fc.array(holderArb, { maxLength: 6 }).chain((hs) => fc.tuple(fc.constant(hs), fc.shuffledSubarray(hs, { minLength: hs.length }))),
          (amount, [start, end], [holders, shuffled]) => {
            expect(attribute(amount, start, end, shuffled)).toEqual(attribute(amount, start, end, holders));
          },
        ),
      );
    });
  });
});

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
