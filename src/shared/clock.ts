/** The source of "now". Injected so tests control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told. */
export function fixedClock(start: string | Date): Clock & { advance(ms: number): void; set(d: string | Date): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
    set(d) {
      current = new Date(d);
    },
  };
}

/** Timestamps are stored as fixed-width ISO-8601 UTC text on both databases, so they sort as text. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
