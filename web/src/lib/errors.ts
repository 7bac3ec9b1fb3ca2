/** The API's error body: `{ error: { code, message, details }, requestId }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
  requestId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const b = body as Partial<ApiErrorBody> | undefined;
    if (b?.error && typeof b.error.code === 'string') {
      return new ApiError(status, b.error.code, b.error.message ?? b.error.code, b.error.details ?? {}, b.requestId);
    }
    return new ApiError(status, status === 0 ? 'network_error' : `http_${status}`, `HTTP ${status}`);
  }
}

export interface FieldErrors {
  /** messages per form field (the first segment of the API's field path) */
  fields: Record<string, string[]>;
  /** what could not be placed next to a field */
  general: string[];
}

/**
 * Places an API error next to the form fields it names. A 400 `validation_failed` lists
 * `details.issues[{field, message}]` ("labels.Bad Key" → field "labels"); other errors name one
 * `details.field` and carry their message. Whatever names no known field goes to `general`.
 */
export function errorToFields(err: unknown, known: readonly string[]): FieldErrors {
  const out: FieldErrors = { fields: {}, general: [] };
  if (!(err instanceof ApiError)) {
    out.general.push(err instanceof Error ? err.message : String(err));
    return out;
  }
  const add = (path: unknown, message: string) => {
    const top = typeof path === 'string' ? path.split('.')[0] : undefined;
    if (top && known.includes(top)) {
      const list = out.fields[top] ?? [];
      if (!list.includes(message)) list.push(message);
      out.fields[top] = list;
    } else if (!out.general.includes(message)) out.general.push(message);
  };
  const issues = err.details.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    for (const issue of issues as Array<{ field?: unknown; message?: unknown }>) {
      const field = typeof issue.field === 'string' ? issue.field : undefined;
      const sub = field?.includes('.') ? ` (${field.split('.').slice(1).join('.')})` : '';
      add(field, `${String(issue.message ?? err.message)}${sub}`);
    }
  } else {
    add(err.details.field, err.message);
  }
  return out;
}
