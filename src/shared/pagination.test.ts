import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppError, ValidationError } from './errors.ts';
import { decodeCursor, encodeCursor, type Page, pageQuery, toPage } from './pagination.ts';

/** Any Unicode code point except lone surrogates (fast-check's 'binary' unit is slow to set up). */
const codePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

function cursorError(cursor: string): AppError {
  try {
    decodeCursor(cursor);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as AppError;
  }
  throw new Error(`cursor ${JSON.stringify(cursor)} was accepted`);
}

describe('cursors', () => {
  it('round-trips every non-empty key: decodeCursor(encodeCursor(k)) === k', () => {
    // Whole code points only (no lone surrogates): keys are appids, names and ULIDs.
    fc.assert(
      fc.property(fc.string({ unit: codePoint, minLength: 1, maxLength: 80 }), (key) => {
        const cursor = encodeCursor(key);
        return /^[A-Za-z0-9_-]+$/.test(cursor) && decodeCursor(cursor) === key;
      }),
      { numRuns: 500 },
    );
  });

  it('treats an absent or empty cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it('refuses forged cursors with 400 invalid_cursor naming the field', () => {
    const forged = [
      'zzz', // decodes, but does not re-encode to itself
      `${encodeCursor('pay.checkout.api')}=`, // padding is not ours
      `${encodeCursor('pay.checkout.api')}!`, // not base64url at all
      'cGF5+Y2g/', // the standard base64 alphabet
      Buffer.from([0xff, 0xfe]).toString('base64url'), // not UTF-8
      ' ',
      '====',
    ];
    for (const cursor of forged) {
      const err = cursorError(cursor);
      expect(err.status, cursor).toBe(400);
      expect(err.code, cursor).toBe('invalid_cursor');
      expect(err.details, cursor).toEqual({ field: 'cursor' });
    }
  });

  it('either refuses an arbitrary string as invalid_cursor or returns the key it encodes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (cursor) => {
        let key: string | undefined;
        try {
          key = decodeCursor(cursor);
        } catch (err) {
          expect((err as AppError).code).toBe('invalid_cursor');
          return;
        }
        if (cursor === '') expect(key).toBeUndefined();
        else expect(encodeCursor(key as string)).toBe(cursor);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('pages', () => {
  it('turns limit + 1 rows into a full page whose cursor leads past its last item', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (keys, limit) => {
          const sorted = [...keys].sort();
          const rows = sorted.slice(0, limit + 1).map((k) => ({ k }));
          const page = toPage(rows, limit, (r) => r.k);
          expect(page.items).toEqual(rows.slice(0, limit));
          if (rows.length > limit) {
            expect(page.nextCursor).not.toBeNull();
            expect(decodeCursor(page.nextCursor as string)).toBe(sorted[limit - 1]);
          } else {
            expect(page.nextCursor).toBeNull();
          }
        },
      ),
    );
  });

  it('pages through a sorted list exactly once each when the next page starts after the cursor', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (keys, limit) => {
          const sorted = [...keys].sort();
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let guard = 0; guard <= sorted.length + 1; guard++) {
            const after: string | undefined = cursor === null ? undefined : decodeCursor(cursor);
            const rows: string[] = sorted.filter((k) => after === undefined || k > after).slice(0, limit + 1);
            const page: Page<string> = toPage(rows, limit, (k) => k);
            seen.push(...page.items);
            cursor = page.nextCursor;
            if (cursor === null) break;
          }
          expect(seen).toEqual(sorted);
        },
      ),
    );
  });

  it('limits page size to 1–1000 with a default of 50', () => {
    const q = z.object(pageQuery);
    expect(q.parse({}).limit).toBe(50);
    expect(q.parse({ limit: '1000' }).limit).toBe(1000);
    for (const limit of ['0', '1001', 'abc', '1.5', '-1', '']) {
      expect(q.safeParse({ limit }).success, limit).toBe(false);
    }
    expect(q.safeParse({ cursor: 'a'.repeat(513) }).success).toBe(false);
  });
});
