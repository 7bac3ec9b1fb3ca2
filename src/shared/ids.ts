import { randomBytes } from 'node:crypto';

/** Produces ids. Injected so tests can be deterministic. */
export interface IdGenerator {
  /** A new id: 26 chars, Crockford base32, sortable by creation time within one process (ULID layout). */
  next(): string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/**
 * Monotonic ULIDs: ids generated in the same millisecond increment the random part,
 * so keyset pagination and outbox ordering by id follow creation order.
 */
export function ulidGenerator(now: () => number = Date.now): IdGenerator {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return {
    next() {
      const time = now();
      if (time <= lastTime) {
        let i = lastRandom.length - 1;
        while (i >= 0 && lastRandom[i] === 31) {
          lastRandom[i] = 0;
          i--;
        }
        if (i >= 0) lastRandom[i] = (lastRandom[i] ?? 0) + 1;
      } else {
        lastTime = time;
        lastRandom = [...randomBytes(16)].map((b) => b % 32);
      }
      return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
    },
  };
}
