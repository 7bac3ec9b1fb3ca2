import { z } from 'zod';
import { ValidationError } from './errors.ts';

/** Query fields shared by every paginated list. */
export const pageQuery = {
  /** Page size, 1–1000 (default 50). */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(512).optional(),
};

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Encodes the keyset position (the sort key of the last row) as an opaque cursor. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** Decodes a cursor; a cursor that was not made by `encodeCursor` is a 400 `invalid_cursor`. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || encodeCursor(key) !== cursor) {
    throw new ValidationError('invalid_cursor', 'The cursor is not one this API returned.', { field: 'cursor' });
  }
  return key;
}

/** Turns `limit + 1` fetched rows into a page: the extra row only tells that there is a next page. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
