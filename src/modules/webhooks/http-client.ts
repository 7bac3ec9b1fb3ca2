/** What one POST to a subscriber answered: its status, or the error that kept it from answering. */
export type PostOutcome = { status: number } | { error: string };

/**
 * The HTTP client the dispatcher delivers with. Injected (STYLE: the webhook HTTP client is) so
 * tests can observe or fail requests; `fetchClient` is the real one.
 */
export interface WebhookHttpClient {
  /** POSTs `body` and resolves with the outcome; never rejects. Gives up after `timeoutMs`. */
  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostOutcome>;
}

/** Node's fetch. Redirects are not followed (a 3xx is not a delivery); the response body is discarded. */
export const fetchClient: WebhookHttpClient = {
  async post(url, body, headers, timeoutMs) {
    try {
      const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status };
    } catch (error) {
      return { error: describe(error, timeoutMs) };
    }
  },
};

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    // fetch wraps the socket error (ECONNREFUSED, ENOTFOUND…) as its cause.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return (detail ? `${error.message}: ${detail}` : error.message).slice(0, 500);
  }
  return String(error).slice(0, 500);
}
