import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AppError, ValidationError } from '../../shared/errors.ts';
import {
  assertSegment,
  formatAppId,
  isSegment,
  parseAppId,
  parseBusinessKey,
  requireAppId,
  requireBusinessKey,
  SEGMENT_MAX,
  SEGMENT_MIN,
  SEGMENT_PATTERN,
  segmentProblem,
} from './naming.ts';

/** Any Unicode code point except lone surrogates (fast-check's 'binary' unit is slow to set up). */
const codePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as AppError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

/**
 * A second, independent statement of the naming rule (PRODUCT.md "Naming rules"), written without the
 * regex: words of a–z joined by single "-", 2–63 characters in all.
 */
function isValidByRule(s: string): boolean {
  if (s.length < 2 || s.length > 63) return false;
  const words = s.split('-');
  return words.every((w) => w.length > 0 && [...w].every((c) => c >= 'a' && c <= 'z'));
}

const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const word = fc.string({ unit: letter, minLength: 1, maxLength: 12 });
/** Every valid segment: words of a–z joined by single "-", 2–63 characters. */
const validSegment = fc
  .array(word, { minLength: 1, maxLength: 8 })
  .map((ws) => ws.join('-'))
  .filter((s) => s.length >= SEGMENT_MIN && s.length <= SEGMENT_MAX);
/** Valid in shape (so only the one defect under test is wrong) but at most 40 characters long. */
const shortValidSegment = validSegment.filter((s) => s.length <= 40);

/** Inserts `bad` at a position chosen by `at` (0..1). */
function insertAt(s: string, bad: string, at: number): string {
  const i = Math.floor(at * (s.length + 1));
  return s.slice(0, i) + bad + s.slice(i);
}
const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

describe('segment naming rule', () => {
  it('accepts every string of a–z words joined by single "-" with 2–63 characters', () => {
    fc.assert(
      fc.property(validSegment, (s) => {
        expect(SEGMENT_PATTERN.test(s)).toBe(true);
        expect(segmentProblem(s)).toBeUndefined();
        expect(isSegment(s)).toBe(true);
        expect(() => assertSegment('name', s)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('accepts the boundary lengths 2 and 63', () => {
    expect(isSegment('ab')).toBe(true);
    expect(isSegment('a'.repeat(63))).toBe(true);
    expect(isSegment(`${'a'.repeat(31)}-${'b'.repeat(31)}`)).toBe(true);
  });

  it('agrees with an independent statement of the rule on arbitrary strings', () => {
    const alphabetish = fc.string({ unit: fc.constantFrom(...'ab-zA9_. é\n'), maxLength: 70 });
    fc.assert(
      fc.property(fc.oneof(alphabetish, fc.string({ unit: codePoint, maxLength: 70 }), validSegment), (s) => {
        return isSegment(s) === isValidByRule(s);
      }),
      { numRuns: 500 },
    );
  });

  const refusals: Array<[string, fc.Arbitrary<string>, 'length' | 'pattern']> = [
    ['a digit', fc.tuple(shortValidSegment, fc.constantFrom(...'0123456789'), position).map(([s, d, at]) => insertAt(s, d, at)), 'pattern'],
    [
      'an uppercase letter',
      fc.tuple(shortValidSegment, fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), position).map(([s, u, at]) => insertAt(s, u, at)),
      'pattern',
    ],
    [
      'a character outside a–z and "-"',
      fc
        .tuple(shortValidSegment, fc.constantFrom('_', '.', ' ', 'é', 'ı', 'а', '\n', '\u0000', '/', '😀'), position)
        .map(([s, c, at]) => insertAt(s, c, at)),
      'pattern',
    ],
    ['a leading "-"', shortValidSegment.map((s) => `-${s}`), 'pattern'],
    ['a trailing "-"', shortValidSegment.map((s) => `${s}-`), 'pattern'],
    ['a double "-"', fc.tuple(word, word).map(([a, b]) => `${a}--${b}`), 'pattern'],
    ['one character', letter, 'length'],
    ['no characters', fc.constant(''), 'length'],
    ['more than 63 characters', fc.string({ unit: letter, minLength: 64, maxLength: 200 }), 'length'],
  ];

  for (const [what, arbitrary, rule] of refusals) {
    it(`refuses a segment with ${what}: 400 invalid_name naming the field and the rule`, () => {
      fc.assert(
        fc.property(arbitrary, fc.constantFrom('name', 'domain', 'business'), (s, field) => {
          expect(isSegment(s)).toBe(false);
          const err = thrown(() => assertSegment(field, s));
          expect(err.status).toBe(400);
          expect(err.code).toBe('invalid_name');
          expect(err.details).toEqual({ field, value: s, rule, pattern: SEGMENT_PATTERN.source });
          expect(err.message).toContain(field);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('states the length it got when a segment is too long', () => {
    const err = thrown(() => assertSegment('name', 'a'.repeat(64)));
    expect(err.message).toContain('2–63');
    expect(err.message).toContain('got 64');
  });
});

describe('appid', () => {
  const appIdParts = fc.record({ domain: validSegment, business: validSegment, app: validSegment });

  it('parses what it formats: parseAppId(formatAppId(x)) equals x for valid segments', () => {
    fc.assert(
      fc.property(appIdParts, (x) => {
        const appid = formatAppId(x);
        expect(appid).toBe(`${x.domain}.${x.business}.${x.app}`);
        expect(parseAppId(appid)).toEqual(x);
        expect(requireAppId('appid', appid)).toEqual(x);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a string with other than three segments: 400 invalid_appid naming the field', () => {
    const wrongCount = fc.oneof(
      fc.array(validSegment, { minLength: 1, maxLength: 2 }),
      fc.array(validSegment, { minLength: 4, maxLength: 6 }),
    );
    fc.assert(
      fc.property(wrongCount, fc.constantFrom('appid', 'target'), (parts, field) => {
        const appid = parts.join('.');
        expect(parseAppId(appid)).toBeUndefined();
        const err = thrown(() => requireAppId(field, appid));
        expect(err.status).toBe(400);
        expect(err.code).toBe('invalid_appid');
        expect(err.details).toEqual({ field, value: appid });
        expect(err.message).toContain('three segments');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses three segments with a bad one: 400 naming the first bad segment and its rule', () => {
    const badSegment = fc.oneof(
      fc.constantFrom('', 'a', 'Ab', 'a1', '-ab', 'ab-', 'a--b', 'ab_c', 'a'.repeat(64), 'naïve'),
      fc.string({ unit: codePoint, maxLength: 10 }).filter((s) => !s.includes('.') && !isSegment(s)),
    );
    const names = ['domain', 'business', 'app'] as const;
    fc.assert(
      fc.property(fc.tuple(validSegment, validSegment, validSegment), fc.integer({ min: 0, max: 2 }), badSegment, (parts, index, bad) => {
        const segments = [...parts];
        segments[index] = bad;
        const appid = segments.join('.');
        expect(parseAppId(appid)).toBeUndefined();
        const err = thrown(() => requireAppId('appid', appid));
        expect(err.status).toBe(400);
        expect(err.code).toBe('invalid_name');
        expect(err.details).toMatchObject({
          field: `appid (${names[index]} segment)`,
          value: bad,
          rule: segmentProblem(bad),
        });
        expect(err.message).toContain(`${names[index]} segment`);
      }),
      { numRuns: 500 },
    );
  });

  it('names the domain segment first when several segments are bad', () => {
    const err = thrown(() => requireAppId('appid', 'Pay.Checkout.Api'));
    expect(err.details?.field).toBe('appid (domain segment)');
  });

  it('never accepts an appid whose segments are not all valid (arbitrary strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab.-Z1'), maxLength: 30 }), (s) => {
        const parsed = parseAppId(s);
        const parts = s.split('.');
        expect(parsed !== undefined).toBe(parts.length === 3 && parts.every(isValidByRule));
        if (parsed) expect(formatAppId(parsed)).toBe(s);
        else expect(() => requireAppId('appid', s)).toThrow(ValidationError);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('business key', () => {
  it('parses `domain.business` made of valid segments', () => {
    fc.assert(
      fc.property(validSegment, validSegment, (domain, business) => {
        expect(parseBusinessKey(`${domain}.${business}`)).toEqual({ domain, business });
        expect(requireBusinessKey('business', `${domain}.${business}`)).toEqual({ domain, business });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses other than two segments with 400 invalid_business_key naming the field', () => {
    for (const key of ['pay', 'pay.checkout.api', '', '.']) {
      const err = thrown(() => requireBusinessKey('business', key));
      expect(err.code, key).toBe(key === '.' ? 'invalid_name' : 'invalid_business_key');
      if (key !== '.') expect(err.details).toEqual({ field: 'business', value: key });
    }
  });

  it('refuses a bad segment naming it', () => {
    const err = thrown(() => requireBusinessKey('business', 'pay.Check9'));
    expect(err.code).toBe('invalid_name');
    expect(err.details).toMatchObject({ field: 'business (business segment)', value: 'Check9', rule: 'pattern' });
  });
});
