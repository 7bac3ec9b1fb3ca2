import { z } from 'zod';

/** The one error body every 4xx/5xx has. */
export const errorBody = z
  .object({
    error: z.object({
      /** stable snake_case code, e.g. `app_not_found` */
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'Error' });

/** Response entries for the errors a route can answer with. */
export function errors(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413>) {
  return Object.fromEntries([401, ...statuses].map((s) => [s, errorBody])) as Record<number, typeof errorBody>;
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** pass as `cursor` for the next page; null on the last page */
    nextCursor: z.string().nullable(),
  });
}

export const noContent = z.null().describe('No content');
