import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceDeps } from '../deps.ts';
import { matchesAny } from './event-patterns.ts';
import { fetchClient, type WebhookHttpClient } from './http-client.ts';
import { signBody } from './signature.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';
import type { WebhookEventBody } from './webhooks.types.ts';

export interface WebhookDispatcherOptions {
  /** the HTTP client deliveries go through (default: Node's fetch) */
  http?: WebhookHttpClient;
  /** one attempt's time limit (default 10 s) */
  timeoutMs?: number;
  /** attempts before a delivery is `failed` for good (default 20: about 12 h with the defaults below) */
  maxAttempts?: number;
  /** wait after the first failed attempt; doubles after each further one (default 10 s) */
  backoffBaseMs?: number;
  /** the longest wait between attempts (default 1 h) */
  backoffCapMs?: number;
  /** how long a claimed subscription stays this process's before others may retake it (default 60 s; > timeoutMs) */
  leaseMs?: number;
  /** outbox events fanned out per transaction (default 200) */
  fanOutBatch?: number;
  /** subscriptions delivered to at the same time (default 4) */
  concurrency?: number;
  /** deliveries sent for one subscription before its lease is given back for others (default 50) */
  perClaim?: number;
  /** this process's name in leases (default host:pid:random) */
  owner?: string;
  /** told about a round that failed (database unreachable…); the next round retries */
  onError?: (error: unknown) => void;
}

/** The wait before attempt `attempt + 1` after attempt `attempt` failed: base·2^(attempt−1), capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface TickResult {
  /** outbox events fanned out */
  fannedOut: number;
  /** delivery attempts made */
  attempted: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers outbox events to webhook subscriptions. All state is in the database, so a restarted
 * (or another) process carries on where one stopped.
 *
 * - Fan-out: outbox events not yet fanned out (partial index over `webhooks_fanned_out_at IS NULL`)
 *   become one delivery per matching active subscription created no later than the event, and are
 *   marked, in one transaction. On PostgreSQL the events are locked `FOR UPDATE SKIP LOCKED`, so
 *   concurrent dispatchers take different ones; the unique (subscription, event) key makes a repeat
 *   harmless anyway. An event committed late is still unmarked when it becomes visible: never lost.
 * - Delivery: a process claims a subscription with a lease (a conditional UPDATE; expired leases
 *   are retaken) and sends only its head: the first open delivery in event-id order. So one
 *   subscription's deliveries go out one at a time and in order; the next waits until the head is
 *   delivered or failed for good.
 * - An attempt is recorded as started (status `delivering`, attempts + 1) before the request goes
 *   out. 2xx: delivered. Otherwise (status, timeout, refused connection): retried after an
 *   exponential backoff, and `failed` after `maxAttempts`. A process that dies mid-attempt leaves
 *   the delivery `delivering` until its lease runs out; then it is sent again (at least once).
 */
export class WebhookDispatcher {
  readonly owner: string;
  private readonly http: WebhookHttpClient;
  private readonly o: Required<Omit<WebhookDispatcherOptions, 'http' | 'owner' | 'onError'>>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopping = false;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: WebhooksRepository,
    opts: WebhookDispatcherOptions = {},
  ) {
    this.http = opts.http ?? fetchClient;
    this.onError = opts.onError ?? (() => undefined);
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.o = {
      timeoutMs: opts.timeoutMs ?? 10_000,
      maxAttempts: opts.maxAttempts ?? 20,
      backoffBaseMs: opts.backoffBaseMs ?? 10_000,
      backoffCapMs: opts.backoffCapMs ?? 3_600_000,
      leaseMs: opts.leaseMs ?? 60_000,
      fanOutBatch: opts.fanOutBatch ?? 200,
      concurrency: opts.concurrency ?? 4,
      perClaim: opts.perClaim ?? 50,
    };
    if (this.o.leaseMs <= this.o.timeoutMs) throw new Error('webhook leaseMs must exceed timeoutMs');
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  /**
   * Fans out one batch of outbox events into deliveries, in one transaction.
   * @returns how many events it took (0: none left)
   */
  async fanOutBatch(): Promise<number> {
    return this.deps.transaction(async (tx) => {
      const events = await this.repo.lockPendingEvents(tx, this.deps.dialect, this.o.fanOutBatch);
      if (events.length === 0) return 0;
      const subs = await this.repo.activeSubscriptions(tx);
      const rows: Array<{ id: string; subscriptionId: string; eventId: string; eventType: string }> = [];
      for (const e of events) {
        for (const s of subs) {
          // A subscription receives what happened from its creation on, not the outbox's history.
          if (s.createdAt <= e.createdAt && matchesAny(s.events, e.type)) {
            rows.push({ id: this.deps.ids.next(), subscriptionId: s.id, eventId: e.id, eventType: e.type });
          }
        }
      }
      const now = this.iso();
      await this.repo.insertDeliveries(tx, rows, now);
      await this.repo.markFannedOut(
        tx,
        events.map((e) => e.id),
        now,
      );
      return events.length;
    });
  }

  /** Fans out until no event is left (at most `maxBatches` batches). @returns events fanned out */
  async fanOut(maxBatches = 50): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches && !this.stopping; i++) {
      const n = await this.fanOutBatch();
      total += n;
      if (n < this.o.fanOutBatch) break;
    }
    return total;
  }

  /** Sends what is due now for every subscription this process can claim. @returns attempts made */
  async deliverDue(): Promise<number> {
    const due = await this.repo.dueSubscriptions(this.deps.db, this.iso(), 500);
    let attempted = 0;
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.stopping) {
        const id = due[next++] as string;
        attempted += await this.deliverFor(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, due.length) }, worker));
    return attempted;
  }

  /** Claims one subscription and sends its due deliveries in order. @returns attempts made */
  async deliverFor(subscriptionId: string): Promise<number> {
    if (!(await this.repo.claimSubscription(this.deps.db, subscriptionId, this.owner, this.iso(), this.iso(this.o.leaseMs)))) return 0;
    let attempted = 0;
    try {
      while (attempted < this.o.perClaim && !this.stopping) {
        const head = await this.repo.headDelivery(this.deps.db, subscriptionId);
        if (!head || (head.nextAttemptAt !== null && head.nextAttemptAt > this.iso())) break;
        // The lease must outlast the attempt, so nobody else sends this subscription meanwhile.
        if (!(await this.repo.renewLease(this.deps.db, subscriptionId, this.owner, this.iso(this.o.leaseMs)))) break;
        const ok = await this.attempt(subscriptionId, head.id, head.eventId, head.attempts + 1);
        attempted++;
        if (!ok) break;
      }
    } finally {
      await this.repo.releaseLease(this.deps.db, subscriptionId, this.owner).catch(() => undefined);
    }
    return attempted;
  }

  /** One attempt of one delivery. @returns true when it is settled (delivered, or failed for good) */
  private async attempt(subscriptionId: string, deliveryId: string, eventId: string, attempt: number): Promise<boolean> {
    const found = await this.repo.findSubscription(this.deps.db, subscriptionId);
    if (!found) return false;
    if (!(await this.repo.startAttempt(this.deps.db, deliveryId, attempt, this.iso(), this.iso(this.o.leaseMs)))) return false;
    const event = await this.repo.findEvent(this.deps.db, eventId);
    let outcome: { status: number } | { error: string };
    if (!event) {
      outcome = { error: `event ${eventId} is no longer in the outbox` };
    } else {
      const body: WebhookEventBody = { id: event.id, type: event.type, createdAt: event.createdAt, data: event.payload };
      const text = JSON.stringify(body);
      outcome = await this.http.post(
        found.subscription.url,
        text,
        {
          'content-type': 'application/json',
          'user-agent': 'appmeta-webhooks/1',
          'x-appmeta-event': event.type,
          'x-appmeta-delivery': deliveryId,
          'x-appmeta-signature': signBody(found.secret, text),
        },
        this.o.timeoutMs,
      );
    }
    const now = this.iso();
    if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) {
      await this.repo.finishAttempt(this.deps.db, deliveryId, attempt, {
        status: 'delivered',
        lastStatus: outcome.status,
        lastError: null,
        nextAttemptAt: null,
        now,
      });
      return true;
    }
    const lastStatus = 'status' in outcome ? outcome.status : null;
    const lastError = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.error;
    const final = attempt >= this.o.maxAttempts;
    await this.repo.finishAttempt(this.deps.db, deliveryId, attempt, {
      status: final ? 'failed' : 'pending',
      lastStatus,
      lastError,
      nextAttemptAt: final ? null : this.iso(backoffDelay(attempt, this.o.backoffBaseMs, this.o.backoffCapMs)),
      now,
    });
    return final;
  }

  /** One round: fan out new events, then send what is due. */
  async tick(): Promise<TickResult> {
    const fannedOut = await this.fanOut();
    const attempted = await this.deliverDue();
    return { fannedOut, attempted };
  }

  /**
   * Ticks until nothing is left to fan out or due now (at most `maxTicks`), for tests and tools.
   * @returns the summed results
   */
  async drain(maxTicks = 100): Promise<TickResult> {
    const total: TickResult = { fannedOut: 0, attempted: 0 };
    for (let i = 0; i < maxTicks; i++) {
      const r = await this.tick();
      total.fannedOut += r.fannedOut;
      total.attempted += r.attempted;
      if (r.fannedOut === 0 && r.attempted === 0) break;
    }
    return total;
  }

  /** Ticks every `intervalMs` until `stop()`. The timer does not keep the process alive. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.stopping = false;
    const loop = () => {
      this.running = this.tick()
        .catch((error: unknown) => {
          this.onError(error);
          return sleep(intervalMs);
        })
        .finally(() => {
          this.running = undefined;
          if (this.timer && !this.stopping) this.timer = setTimeout(loop, intervalMs).unref();
        });
    };
    this.timer = setTimeout(loop, 0).unref();
  }

  /**
   * Stops ticking and waits for the round in progress (at most one attempt's timeout per
   * subscription being sent); leases it held are given back.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
