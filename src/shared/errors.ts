/**
 * The one error model. Services throw these; the HTTP error handler maps them to
 * `{ error: { code, message, details }, requestId }` and the CLI to exit codes.
 * `code` is stable snake_case (`noun_problem`) and part of the public API.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the input breaks a rule. `details.field` names the offending field when there is one. */
export class ValidationError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(400, code, message, details);
  }
}

/** 401: no credentials, or credentials that are not valid. */
export class AuthenticationError extends AppError {
  constructor(message = 'A valid bearer token is required (Authorization: Bearer <token>).') {
    super(401, 'unauthenticated', message);
  }
}

/** 403: the caller is known but may not do this. */
export class ForbiddenError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(403, code, message, details);
  }
}

/** 404: the thing named does not exist. */
export class NotFoundError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(404, code, message, details);
  }
}

/** 409: the request conflicts with the current state (duplicate, non-empty node, stale batch…). */
export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

/** 413: the request body is larger than allowed. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(413, 'payload_too_large', message, details);
  }
}

/** Exit codes the CLI uses for each error class (sysexits-inspired). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ValidationError) return 65;
  if (err instanceof AuthenticationError || err instanceof ForbiddenError) return 77;
  if (err instanceof NotFoundError) return 66;
  if (err instanceof ConflictError) return 75;
  if (err instanceof AppError) return 1;
  return 70;
}
