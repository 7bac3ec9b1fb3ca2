import type { z } from 'zod';
import {
  AppError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../shared/errors.ts';

/** Where the server is and how to authenticate. The token is sent, never printed. */
export interface ApiClientOptions {
  url: string;
  token: string;
  /** per request; a bulk upsert of 10,000 items takes seconds, not minutes */
  timeoutMs?: number;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  requestId?: unknown;
}

/**
 * The server's error answer as the same AppError class it was thrown as, so the CLI prints
 * `appmeta: <code>: <message>` and exits with the matching code. A 401 says which setting to check.
 */
export function errorFromResponse(status: number, body: unknown): AppError {
  const e = (body as ErrorBody | null)?.error;
  const code = typeof e?.code === 'string' ? e.code : `http_${status}`;
  const message = typeof e?.message === 'string' ? e.message : `The server answered HTTP ${status}.`;
  const details = e?.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
  switch (status) {
    case 400:
      return new ValidationError(code, message, details);
    case 401:
      return new AuthenticationError(
        `The server did not accept the token (${message.replace(/\.$/, '')}); check --token or APPMETA_TOKEN.`,
      );
    case 403:
      return new ForbiddenError(code, message, details);
    case 404:
      return new NotFoundError(code, message, details);
    case 409:
      return new ConflictError(code, message, details);
    case 413:
      return new PayloadTooLargeError(message, details);
    default:
      return new AppError(status, code, message, details);
  }
}

/** A minimal JSON client for the appmeta API (global fetch). */
export class ApiClient {
  private readonly base: string;

  constructor(private readonly opts: ApiClientOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  /** The absolute URL of an API path, e.g. `/api/v1/resources`. */
  urlOf(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(`${this.base}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }

  /**
   * Sends one request and parses the answer with `schema`.
   * @throws the AppError matching the server's error body; AppError `server_unreachable`, `server_timeout`, `unexpected_response`
   */
  async send<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    o: { query?: Record<string, string | undefined>; body?: unknown } = {},
  ): Promise<z.infer<S>> {
    const url = this.urlOf(path, o.query);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          accept: 'application/json',
          ...(o.body !== undefined && { 'content-type': 'application/json' }),
        },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 300_000),
      });
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') {
        throw new AppError(504, 'server_timeout', `${method} ${url} got no answer within ${(this.opts.timeoutMs ?? 300_000) / 1000} s.`);
      }
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
      throw new AppError(503, 'server_unreachable', `Cannot reach ${this.base} (${why}); check --url or APPMETA_URL.`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) throw errorFromResponse(res.status, body);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new AppError(502, 'unexpected_response', `${method} ${url} answered ${res.status} with a body this CLI does not understand.`);
    }
    return parsed.data;
  }
}
