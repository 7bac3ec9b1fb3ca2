import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, formatMoney, isCurrency, MICROS, microsFrom, parseMoney } from './money.ts';

/** The largest amount `parseMoney` reads: 12 integer and 6 fractional nines, in micro-units. */
const MAX = 10n ** 18n - 1n;

/** A decimal as the API accepts it: optional sign, 1–12 integer digits, optionally 1–6 fractional digits. */
const decimal = fc
  .record({
    sign: fc.constantFrom('', '+', '-'),
    int: fc.stringMatching(/^\d{1,12}$/),
    frac: fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
  })
  .map(({ sign, int, frac }) => ({ text: `${sign}${int}${frac === undefined ? '' : `.${frac}`}`, sign, int, frac }));

/** What a decimal is worth in micro-units, by string arithmetic (no regex, no parseMoney). */
function expectedMicros(sign: string, int: string, frac: string | undefined): bigint {
  const digits = `${int}${(frac ?? '').padEnd(6, '0')}`;
  const v = BigInt(digits);
  return sign === '-' ? -v : v;
}

const micros = fc.bigInt({ min: -MAX, max: MAX });

describe('parseMoney / formatMoney', () => {
  it('reads every valid decimal to its exact value in micro-units', () => {
    fc.assert(
      fc.property(decimal, ({ text, sign, int, frac }) => {
        expect(parseMoney(text)).toBe(expectedMicros(sign, int, frac));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats every amount so that it reads back to the same value (round trip)', () => {
    fc.assert(
      fc.property(micros, (m) => {
        const text = formatMoney(m);
        expect(text).toMatch(/^-?\d+\.\d{2,6}$/);
        expect(parseMoney(text)).toBe(m);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats every valid decimal to one canonical text that reads back to its value', () => {
    fc.assert(
      fc.property(decimal, ({ text }) => {
        const value = parseMoney(text) as bigint;
        const canonical = formatMoney(value);
        expect(parseMoney(canonical)).toBe(value);
        // canonical: no trailing zero past the second fractional digit, no leading zeros, no '+'
        expect(canonical).toMatch(/^-?(0|[1-9]\d*)\.\d{2}(\d{0,4}[1-9])?$/);
        expect(formatMoney(parseMoney(canonical) as bigint)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats with 2 to 6 fractional digits, sign in front', () => {
    expect(formatMoney(0n)).toBe('0.00');
    expect(formatMoney(15n * MICROS)).toBe('15.00');
    expect(formatMoney(12_500_000n)).toBe('12.50');
    expect(formatMoney(1n)).toBe('0.000001');
    expect(formatMoney(-1n)).toBe('-0.000001');
    expect(formatMoney(-3n * MICROS)).toBe('-3.00');
    expect(formatMoney(123n)).toBe('0.000123');
    expect(formatMoney(MAX)).toBe('999999999999.999999');
    // sums may exceed what one line may carry; they still format exactly
    expect(formatMoney(10n ** 24n + 1n)).toBe('1000000000000000000.000001');
  });

  it('reads signs, leading zeros and missing fractions', () => {
    expect(parseMoney('12.5')).toBe(12_500_000n);
    expect(parseMoney('-0.000001')).toBe(-1n);
    expect(parseMoney('+7')).toBe(7_000_000n);
    expect(parseMoney('1000')).toBe(1_000_000_000n);
    expect(parseMoney('007.10')).toBe(7_100_000n);
    expect(parseMoney('-0')).toBe(0n);
    expect(parseMoney('999999999999.999999')).toBe(MAX);
    expect(parseMoney('-999999999999.999999')).toBe(-MAX);
  });

  it.each([
    ['an exponent', '1e3'],
    ['an upper-case exponent', '1.5E2'],
    ['a thousands comma', '1,000.00'],
    ['a decimal comma', '12,50'],
    ['seven fractional digits', '0.0000001'],
    ['thirteen integer digits', '1234567890123'],
    ['thirteen integer digits with a fraction', '1000000000000.00'],
    ['the empty string', ''],
    ['a leading space', ' 1.00'],
    ['a trailing space', '1.00 '],
    ['a space inside', '1 000'],
    ['a lone point', '.'],
    ['no integer digit', '.50'],
    ['no fractional digit after the point', '5.'],
    ['two signs', '--1'],
    ['a sign alone', '-'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['hexadecimal', '0x10'],
    ['non-ASCII digits', '١٢'],
    ['a currency symbol', '$5'],
    ['a trailing newline', '5\n'],
  ])('refuses %s (%j)', (_what, text) => {
    expect(parseMoney(text)).toBeUndefined();
  });

  it('refuses any text with a character other than digits, one point and a leading sign', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.stringMatching(/^\d{1,4}$/),
          fc.constantFrom('e', 'E', ',', ' ', '_', '\t', 'x', '..', '+', '-'),
          fc.stringMatching(/^\d{1,4}$/),
        ),
        ([a, bad, b]) => {
          expect(parseMoney(`${a}${bad}${b}`)).toBeUndefined();
        },
      ),
    );
  });

  it('reads database amounts from numbers, text and bigints, refusing unsafe floats', () => {
    expect(microsFrom(42)).toBe(42n);
    expect(microsFrom('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(microsFrom(7n)).toBe(7n);
    expect(microsFrom(null)).toBe(0n);
    expect(() => microsFrom(2 ** 60)).toThrow(/safe integer/);
    expect(() => microsFrom(1.5)).toThrow(/safe integer/);
  });

  it('knows ISO 4217 codes and nothing else', () => {
    expect(isCurrency('CNY')).toBe(true);
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('ABC')).toBe(false);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('')).toBe(false);
  });
});

describe('allocate', () => {
  /** Weights with at least one positive, zeros included (a zero weight is a real case: an idle holder). */
  const weights = fc
    .array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1_000_000n }), fc.bigInt({ min: 1n, max: 10n ** 15n })), {
      minLength: 1,
      maxLength: 12,
    })
    .filter((ws) => ws.some((w) => w > 0n));
  /** Amounts of every size: small, ordinary, and near 10¹⁸ (a sum of maximal lines) on both signs. */
  const amount = fc.oneof(
    fc.bigInt({ min: -1000n, max: 1000n }),
    fc.bigInt({ min: -MAX, max: MAX }),
    fc.bigInt({ min: 10n ** 18n - 10n ** 6n, max: 10n ** 19n }),
    fc.bigInt({ min: -(10n ** 19n), max: -(10n ** 18n) }),
  );

  it('splits any amount into parts that add up to it exactly', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const parts = allocate(a, ws);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((s, p) => s + p, 0n)).toBe(a);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives each part its exact share rounded down or up, never further off', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const total = ws.reduce((s, w) => s + w, 0n);
        allocate(a, ws).forEach((p, i) => {
          // |p − a·w/total| < 1  ⇔  |p·total − a·w| < total
          const off = p * total - a * (ws[i] as bigint);
          expect(off < total && off > -total, `part ${i}: ${p} for ${a}·${ws[i]}/${total}`).toBe(true);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('gives 0 to every zero weight', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        allocate(a, ws).forEach((p, i) => {
          if (ws[i] === 0n) expect(p).toBe(0n);
        });
      }),
    );
  });

  it('is deterministic, and splits a credit as the mirror image of the charge', () => {
    fc.assert(
      fc.property(amount, weights, (a, ws) => {
        const once = allocate(a, ws);
        expect(allocate(a, [...ws])).toEqual(once);
        expect(allocate(-a, ws)).toEqual(once.map((p) => -p));
      }),
    );
  });

  it('hands leftover units to the largest remainders, ties to the lower index', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocate(1n, [1n, 1n])).toEqual([1n, 0n]);
    expect(allocate(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    // 10·3/7 = 4.29, 10·4/7 = 5.71: the larger remainder (index 1) gets the unit
    expect(allocate(10n, [3n, 4n])).toEqual([4n, 6n]);
    expect(allocate(100n, [70n, 30n])).toEqual([70n, 30n]);
    expect(allocate(0n, [5n, 0n, 1n])).toEqual([0n, 0n, 0n]);
    expect(allocate(7n, [0n, 1n])).toEqual([0n, 7n]);
  });

  it('splits amounts near 10¹⁸ exactly, beyond what a double can hold', () => {
    const a = 999_999_999_999_999_999n;
    expect(allocate(a, [1n, 1n])).toEqual([500_000_000_000_000_000n, 499_999_999_999_999_999n]);
    expect(allocate(a * 9n, [1n, 2n, 6n])).toEqual([a, 2n * a, 6n * a]);
  });

  it('refuses all-zero, empty and negative weights', () => {
    expect(() => allocate(100n, [0n, 0n])).toThrow(RangeError);
    expect(() => allocate(100n, [])).toThrow(RangeError);
    expect(() => allocate(100n, [5n, -1n])).toThrow(RangeError);
    expect(() => allocate(-100n, [0n])).toThrow(RangeError);
    expect(() => allocate(0n, [0n])).toThrow(RangeError);
  });
});
