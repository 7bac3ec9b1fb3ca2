import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../shared/errors.ts';

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

/**
 * JSON bodies, plus one rule both databases need: no NUL characters (PostgreSQL cannot store them
 * in text; SQLite would, and the two must answer alike). Also refused in the URL. The deep check
 * runs only when the raw text contains a NUL escape, so ordinary bodies pay one substring search.
 */
export function registerJsonParser(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (req.url.includes('%00') || req.url.includes('\u0000')) {
      throw new ValidationError('invalid_character', 'The URL contains a NUL character (%00), which no field may hold.', { in: 'url' });
    }
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.length === 0)
      return done(
        new ValidationError('invalid_json', 'The body is empty but declared as JSON; send {} or drop the content-type.'),
        undefined,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return done(err as Error, undefined);
    }
    if ((text.includes('\\u0000') || text.includes('\u0000')) && hasNul(parsed)) {
      return done(
        new ValidationError('invalid_character', 'The body contains a NUL character (\\u0000), which no field may hold.', { in: 'body' }),
        undefined,
      );
    }
    done(null, parsed);
  });
}
