import type { z } from 'zod';
import { ValidationError } from '../shared/errors.ts';

/** `batchSize` → `batch-size`: the flag a commander option key came from. */
const flag = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Parses a command's options with its zod schema.
 * @throws ValidationError `invalid_arguments` naming each bad flag — messages only, never values:
 * the token must not be echoed.
 */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => (i.path.length ? `--${flag(i.path.join('.'))}: ${i.message}` : i.message)).join('; ');
  throw new ValidationError('invalid_arguments', why);
}
