import { sql } from 'kysely';
import type { ServiceDeps } from '../deps.ts';

/** Late commits are caught if they land within this window of their id's timestamp. */
const WINDOW_MS = 10_000;

/** The smallest ULID of a millisecond: its 10-char time prefix followed by zeros. */
function ulidFloor(ms: number): string {
  const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  let t = Math.max(0, ms);
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return `${out}0000000000000000`;
}

/**
 * Notices changes written by other processes (replicas on one PostgreSQL, a CLI on the same SQLite
 * file) through the outbox, and tells in-memory caches to drop what they hold. Each poll is one
 * indexed range count over the last WINDOW_MS of events: if the count or the newest id moved, some
 * process committed a change. Ids are made before commit, so a transaction that commits late still
 * lands inside the window and changes the count. Caches in this process are also cleared directly by
 * the services that write, so the feed only bounds the staleness seen from other processes.
 */
export class ChangeFeed {
  private last = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly onChange: () => void,
  ) {}

  /** One poll. Returns true when a change was seen (and `onChange` called). */
  async poll(): Promise<boolean> {
    const floor = ulidFloor(this.deps.clock.now().getTime() - WINDOW_MS);
    const row = await this.deps.db
      .selectFrom('outbox_events')
      .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(id)`.as('max')])
      .where('id', '>=', floor)
      .executeTakeFirst();
    const mark = `${Number(row?.n ?? 0)}:${row?.max ?? ''}`;
    const changed = this.last !== '' && mark !== this.last && row?.max !== null;
    this.last = mark;
    if (changed) this.onChange();
    return changed;
  }

  /** Polls every `intervalMs` until `stop()`. The timer does not keep the process alive. */
  start(intervalMs = 1000): void {
    this.stop();
    const tick = () => {
      this.poll()
        .catch(() => undefined)
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
