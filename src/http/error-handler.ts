import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../shared/errors.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
  requestId: string;
}

function send(reply: FastifyReply, req: FastifyRequest, status: number, code: string, message: string, details?: Record<string, unknown>) {
  const body: ErrorBody = { error: { code, message, ...(details && { details }) }, requestId: req.id };
  // RFC 6750: a 401 names the scheme it wants.
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="appmeta"');
  return reply.code(status).header('x-request-id', req.id).type('application/json').send(JSON.stringify(body));
}

/** For Fastify's `frameworkErrors`: errors before routing (bad URL encoding) in our error shape. */
export function sendFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  return send(reply, req, mapped?.[0] ?? 400, mapped?.[1] ?? 'bad_request', err.message);
}

/** Fastify's own client-error codes mapped to ours. Everything else unknown is a 500 and a bug. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_BAD_URL: [400, 'invalid_url'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'invalid_request'],
};

/**
 * The one mapping from errors to responses: `{ error: { code, message, details }, requestId }`.
 * AppErrors carry their status and code; request validation is 400 `validation_failed` with the
 * zod issues; malformed JSON 400 `invalid_json`; oversized bodies 413. Anything else is a 500
 * `internal_error`, logged with its stack.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return send(reply, req, err.status, err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        // An unknown field has no path of its own; zod names it in `keys`.
        const keys = (v.params as { keys?: string[] }).keys;
        const field = keys?.length ? [path, keys.join(',')].filter(Boolean).join('.') : path;
        return { in: err.validationContext, field, message: v.message };
      });
      const first = issues[0];
      const where = first?.field ? `${first.in} field "${first.field}"` : `${first?.in ?? 'request'}`;
      return send(reply, req, 400, 'validation_failed', `Invalid ${where}: ${first?.message ?? 'does not match the schema'}.`, {
        field: first?.field,
        issues,
      });
    }
    if (err instanceof SyntaxError) {
      return send(reply, req, 400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return send(reply, req, mapped[0], mapped[1], err.message);
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return send(reply, req, 500, 'internal_error', 'The server produced an invalid response; this is a bug.');
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, req, err.statusCode, 'bad_request', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 500, 'internal_error', `Something went wrong on our side; quote request id ${req.id}.`);
  });

  app.setNotFoundHandler((req, reply) =>
    send(reply, req, 404, 'route_not_found', `No route ${req.method} ${req.url.split('?')[0]}. See /docs for the API.`),
  );
}
