import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `x-appmeta-signature` value for a body: `sha256=` and the hex HMAC-SHA256 of its exact bytes. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * What a receiver does (see README "Webhooks"): recompute the signature over the raw body bytes and
 * compare in constant time. Returns false for a missing or malformed header.
 */
export function verifySignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
