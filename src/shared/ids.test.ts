import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ulidGenerator } from './ids.ts';

const CROCKFORD = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$/;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The millisecond timestamp in the first 10 characters of a ULID. */
function timeOf(id: string): number {
  let t = 0;
  for (const c of id.slice(0, 10)) t = t * 32 + ALPHABET.indexOf(c);
  return t;
}

describe('ulidGenerator', () => {
  it('makes 26-character Crockford base32 ids carrying the millisecond they were made in', () => {
    const at = Date.UTC(2026, 10, 26, 8, 0, 0, 123);
    const ids = ulidGenerator(() => at);
    for (let i = 0; i < 100; i++) {
      const id = ids.next();
      expect(id).toMatch(CROCKFORD);
      expect(timeOf(id)).toBe(at);
    }
  });

  it('makes strictly increasing ids within one millisecond', () => {
    const ids = ulidGenerator(() => 1_700_000_000_000);
    const made = Array.from({ length: 10_000 }, () => ids.next());
    expect(made.every((id, i) => i === 0 || (made[i - 1] as string) < id)).toBe(true);
    expect(new Set(made).size).toBe(made.length);
  });

  it('keeps ids strictly increasing for any sequence of clock readings, even when the clock steps back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 2, maxLength: 200 }), (times) => {
        let i = 0;
        const ids = ulidGenerator(() => times[Math.min(i++, times.length - 1)] as number);
        const made = times.map(() => ids.next());
        return made.every((id, k) => CROCKFORD.test(id) && (k === 0 || (made[k - 1] as string) < id));
      }),
      { numRuns: 300 },
    );
  });

  it('orders ids made in later milliseconds after earlier ones', () => {
    let now = 1_700_000_000_000;
    const ids = ulidGenerator(() => now);
    const first = ids.next();
    now += 1;
    const second = ids.next();
    expect(first < second).toBe(true);
    expect(timeOf(second)).toBe(now);
  });

  it('gives independent generators different random parts', () => {
    const a = ulidGenerator(() => 0).next();
    const b = ulidGenerator(() => 0).next();
    expect(a.slice(0, 10)).toBe(b.slice(0, 10));
    expect(a).not.toBe(b);
  });
});
