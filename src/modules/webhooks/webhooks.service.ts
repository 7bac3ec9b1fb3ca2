import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { decodeCursor, type Page, toPage } from '../../shared/pagination.ts';
import { requireAdmin } from '../auth/access.ts';
import { actorOf, type RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import { EVENT_PATTERN } from './event-patterns.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';
import type { DeliveryStatus, WebhookDelivery, WebhookSubscription } from './webhooks.types.ts';

export interface CreateWebhookInput {
  url: string;
  events: string[];
  description?: string;
}

export interface UpdateWebhookInput {
  url?: string;
  events?: string[];
  description?: string;
  active?: boolean;
}

/** @throws ValidationError `invalid_webhook_url` unless `url` is an absolute http(s) URL */
export function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('invalid_webhook_url', `"${url}" is not an absolute URL.`, { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError('invalid_webhook_url', `Webhook URLs must be http:// or https://, not ${parsed.protocol}//.`, {
      field: 'url',
    });
  }
  return parsed.toString();
}

/** @throws ValidationError `invalid_event_pattern` naming the first bad pattern. Returns them deduplicated. */
export function checkEvents(events: string[]): string[] {
  for (const [i, e] of events.entries()) {
    if (!EVENT_PATTERN.test(e)) {
      throw new ValidationError(
        'invalid_event_pattern',
        `"${e}" is not an event type ("statement.closed"), a prefix wildcard ("resource.*") or "*".`,
        { field: `events.${i}`, value: e },
      );
    }
  }
  return [...new Set(events)];
}

/**
 * Webhook subscriptions and their delivery logs. Admins only. Every change is audited (entity type
 * `webhook`) in its own transaction; the signing secret never appears in audit rows or events.
 */
export class WebhooksService {
  constructor(
    private readonly deps: ServiceDeps,
    readonly repo: WebhooksRepository,
    private readonly random: (n: number) => Buffer = randomBytes,
  ) {}

  /**
   * Subscribes `url` to the event patterns. Returns the subscription with its signing secret,
   * which is shown only here. @throws ValidationError `invalid_webhook_url`, `invalid_event_pattern`
   */
  async create(ctx: RequestContext, input: CreateWebhookInput): Promise<WebhookSubscription & { secret: string }> {
    requireAdmin(ctx, 'manage webhooks');
    const url = checkUrl(input.url);
    const events = checkEvents(input.events);
    const now = this.deps.clock.now().toISOString();
    const sub: WebhookSubscription = {
      id: this.deps.ids.next(),
      url,
      events,
      description: input.description ?? '',
      active: true,
      createdBy: actorOf(ctx.principal),
      createdAt: now,
      updatedAt: now,
    };
    const secret = `whsec_${this.random(32).toString('base64url')}`;
    await this.deps.transaction(async (tx) => {
      await this.repo.insertSubscription(tx, sub, secret);
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'webhook',
        entityId: sub.id,
        entityKey: sub.url,
        before: null,
        after: sub,
      });
    });
    return { ...sub, secret };
  }

  async list(ctx: RequestContext): Promise<WebhookSubscription[]> {
    requireAdmin(ctx, 'read webhooks');
    return this.repo.listSubscriptions(this.deps.db);
  }

  /** @throws NotFoundError `webhook_not_found` */
  async get(ctx: RequestContext, id: string): Promise<WebhookSubscription> {
    requireAdmin(ctx, 'read webhooks');
    return (await this.repo.getSubscription(this.deps.db, id)).subscription;
  }

  /**
   * Changes the URL, events, description or active flag. An inactive subscription gets no new
   * deliveries and sends none of its queued ones until it is active again.
   * @throws NotFoundError `webhook_not_found`; ValidationError `invalid_webhook_url`, `invalid_event_pattern`
   */
  async update(ctx: RequestContext, id: string, input: UpdateWebhookInput): Promise<WebhookSubscription> {
    requireAdmin(ctx, 'manage webhooks');
    const url = input.url === undefined ? undefined : checkUrl(input.url);
    const events = input.events === undefined ? undefined : checkEvents(input.events);
    return this.deps.transaction(async (tx) => {
      const before = (await this.repo.getSubscription(tx, id)).subscription;
      const after: WebhookSubscription = {
        ...before,
        url: url ?? before.url,
        events: events ?? before.events,
        description: input.description ?? before.description,
        active: input.active ?? before.active,
        updatedAt: this.deps.clock.now().toISOString(),
      };
      await this.repo.updateSubscription(tx, after);
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'webhook',
        entityId: id,
        entityKey: after.url,
        before,
        after,
      });
      return after;
    });
  }

  /** Deletes the subscription and its delivery log. @throws NotFoundError `webhook_not_found` */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    requireAdmin(ctx, 'manage webhooks');
    await this.deps.transaction(async (tx) => {
      const before = (await this.repo.getSubscription(tx, id)).subscription;
      await this.repo.deleteSubscription(tx, id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'webhook',
        entityId: id,
        entityKey: before.url,
        before,
        after: null,
      });
    });
  }

  /** The delivery log, newest first. @throws NotFoundError `webhook_not_found`; ValidationError `invalid_cursor` */
  async deliveries(
    ctx: RequestContext,
    id: string,
    q: { status?: DeliveryStatus; limit: number; cursor?: string },
  ): Promise<Page<WebhookDelivery>> {
    requireAdmin(ctx, 'read webhooks');
    await this.repo.getSubscription(this.deps.db, id);
    const rows = await this.repo.listDeliveries(this.deps.db, id, { before: decodeCursor(q.cursor), status: q.status, limit: q.limit });
    return toPage(rows, q.limit, (r) => r.id);
  }

  /**
   * Queues a delivery again with a fresh attempt budget, whatever became of it (delivered, failed
   * for good, or waiting for a retry: then it is due at once). It keeps its place in the
   * subscription's event order, so it goes out before later events that are still open.
   * @throws NotFoundError `webhook_not_found`, `delivery_not_found`; ConflictError `delivery_in_progress`
   */
  async redeliver(ctx: RequestContext, id: string, deliveryId: string): Promise<WebhookDelivery> {
    requireAdmin(ctx, 'redeliver webhooks');
    return this.deps.transaction(async (tx) => {
      const sub = (await this.repo.getSubscription(tx, id)).subscription;
      const before = await this.repo.findDelivery(tx, id, deliveryId);
      if (!before) {
        throw new NotFoundError('delivery_not_found', `Webhook ${id} has no delivery "${deliveryId}".`, { id, deliveryId });
      }
      if (before.status === 'delivering') {
        throw new ConflictError('delivery_in_progress', `Delivery ${deliveryId} is being sent right now; wait for its outcome.`, {
          deliveryId,
        });
      }
      const now = this.deps.clock.now().toISOString();
      await this.repo.requeueDelivery(tx, deliveryId, now);
      const after = (await this.repo.findDelivery(tx, id, deliveryId)) as WebhookDelivery;
      await this.deps.changes.record(tx, ctx, {
        action: 'redelivered',
        entityType: 'webhook',
        entityId: id,
        entityKey: sub.url,
        before: { deliveryId, eventId: before.eventId, status: before.status, attempts: before.attempts },
        after: { deliveryId, eventId: after.eventId, status: after.status, attempts: after.attempts },
      });
      return after;
    });
  }
}
