import { type Kysely, type Selectable, sql } from 'kysely';
import { type DialectName, forUpdateSkipLocked, readJson } from '../../db/dialect.ts';
import type { Database, WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../../db/schema.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { DeliveryStatus, WebhookDelivery, WebhookSubscription } from './webhooks.types.ts';

type Db = Kysely<Database>;
const OPEN: DeliveryStatus[] = ['pending', 'delivering'];

function toSubscription(r: Selectable<WebhookSubscriptionsTable>): WebhookSubscription {
  return {
    id: r.id,
    url: r.url,
    events: readJson<string[]>(r.events),
    description: r.description,
    active: r.active === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toDelivery(r: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  };
}

/** An outbox event waiting to be fanned out. */
export interface PendingEvent {
  id: string;
  type: string;
  createdAt: string;
}

/** Kysely calls for subscriptions, deliveries and the outbox side of webhooks. No rules here. */
export class WebhooksRepository {
  /** @returns the subscription and its secret, or undefined */
  async findSubscription(db: Db, id: string): Promise<{ subscription: WebhookSubscription; secret: string } | undefined> {
    const r = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { subscription: toSubscription(r), secret: r.secret } : undefined;
  }

  /** @throws NotFoundError `webhook_not_found` */
  async getSubscription(db: Db, id: string): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const found = await this.findSubscription(db, id);
    if (!found) throw new NotFoundError('webhook_not_found', `There is no webhook subscription "${id}".`, { id });
    return found;
  }

  async listSubscriptions(db: Db): Promise<WebhookSubscription[]> {
    const rows = await db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();
    return rows.map(toSubscription);
  }

  async insertSubscription(tx: Db, s: WebhookSubscription, secret: string): Promise<void> {
    await tx
      .insertInto('webhook_subscriptions')
      .values({
        id: s.id,
        url: s.url,
        events: JSON.stringify(s.events),
        description: s.description,
        secret,
        active: s.active ? 1 : 0,
        created_by: s.createdBy,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }

  async updateSubscription(tx: Db, s: WebhookSubscription): Promise<void> {
    await tx
      .updateTable('webhook_subscriptions')
      .set({
        url: s.url,
        events: JSON.stringify(s.events),
        description: s.description,
        active: s.active ? 1 : 0,
        updated_at: s.updatedAt,
      })
      .where('id', '=', s.id)
      .execute();
  }

  /** Deletes the subscription and (cascade) its delivery log. */
  async deleteSubscription(tx: Db, id: string): Promise<void> {
    await tx.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
    await tx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
  }

  /** A subscription's deliveries newest first; keyset on id. Returns up to `limit + 1` rows. */
  async listDeliveries(
    db: Db,
    subscriptionId: string,
    f: { before?: string; status?: DeliveryStatus; limit: number },
  ): Promise<WebhookDelivery[]> {
    let q = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
    if (f.before) q = q.where('id', '<', f.before);
    if (f.status) q = q.where('status', '=', f.status);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
    return rows.map(toDelivery);
  }

  async findDelivery(db: Db, subscriptionId: string, id: string): Promise<WebhookDelivery | undefined> {
    const r = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .where('subscription_id', '=', subscriptionId)
      .executeTakeFirst();
    return r ? toDelivery(r) : undefined;
  }

  /** Puts a delivery back in the queue with a fresh attempt budget, due at `now`. */
  async requeueDelivery(tx: Db, id: string, now: string): Promise<void> {
    await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, delivered_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  // ---- dispatcher: fan-out ----

  /**
   * Outbox events not yet fanned out, oldest first (the partial index over null
   * `webhooks_fanned_out_at`). On PostgreSQL the rows are locked for the caller's transaction and
   * rows locked by another process are skipped. Needs a transaction.
   */
  async lockPendingEvents(tx: Db, dialect: DialectName, limit: number): Promise<PendingEvent[]> {
    const q = tx
      .selectFrom('outbox_events')
      .select(['id', 'type', 'created_at'])
      .where('webhooks_fanned_out_at', 'is', null)
      .orderBy('id')
      .limit(limit);
    const rows = await forUpdateSkipLocked(dialect, q).execute();
    return rows.map((r) => ({ id: r.id, type: r.type, createdAt: r.created_at }));
  }

  async activeSubscriptions(db: Db): Promise<Array<{ id: string; events: string[]; createdAt: string }>> {
    const rows = await db.selectFrom('webhook_subscriptions').select(['id', 'events', 'created_at']).where('active', '=', 1).execute();
    return rows.map((r) => ({ id: r.id, events: readJson<string[]>(r.events), createdAt: r.created_at }));
  }

  /** Inserts deliveries; one that exists for the same (subscription, event) is left as it is. */
  async insertDeliveries(tx: Db, rows: Array<{ id: string; subscriptionId: string; eventId: string; eventType: string }>, now: string) {
    // 13 parameters a row: 500 rows stay below SQLite's and PostgreSQL's parameter limits.
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('webhook_deliveries')
        .values(
          rows.slice(i, i + 500).map((r) => ({
            id: r.id,
            subscription_id: r.subscriptionId,
            event_id: r.eventId,
            event_type: r.eventType,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            last_attempt_at: null,
            last_status: null,
            last_error: null,
            delivered_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
        .execute();
    }
  }

  async markFannedOut(tx: Db, eventIds: string[], now: string): Promise<void> {
    if (eventIds.length === 0) return;
    await tx.updateTable('outbox_events').set({ webhooks_fanned_out_at: now }).where('id', 'in', eventIds).execute();
  }

  // ---- dispatcher: delivery ----

  /** Active, unleased subscriptions with an open delivery due at `now` (the partial due index). */
  async dueSubscriptions(db: Db, now: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select('d.subscription_id')
      .distinct()
      .where('d.status', 'in', OPEN)
      .where('d.next_attempt_at', '<=', now)
      .where('s.active', '=', 1)
      .where((eb) => eb.or([eb('s.lease_until', 'is', null), eb('s.lease_until', '<=', now)]))
      .limit(limit)
      .execute();
    return rows.map((r) => r.subscription_id);
  }

  /**
   * Takes the subscription's lease if it is free or expired: one conditional UPDATE, so of several
   * processes racing for it exactly one sees a row changed (PostgreSQL re-checks the condition on
   * the row it waited for). @returns whether this owner now holds the lease
   */
  async claimSubscription(db: Db, id: string, owner: string, now: string, until: string): Promise<boolean> {
    const r = await db
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: owner, lease_until: until })
      .where('id', '=', id)
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Extends a lease this owner holds. @returns false if it was lost (expired and taken, or the subscription is gone) */
  async renewLease(db: Db, id: string, owner: string, until: string): Promise<boolean> {
    const r = await db
      .updateTable('webhook_subscriptions')
      .set({ lease_until: until })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async releaseLease(db: Db, id: string, owner: string): Promise<void> {
    await db
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** The subscription's first open delivery in event order: the only one that may be sent now. */
  async headDelivery(db: Db, subscriptionId: string): Promise<WebhookDelivery | undefined> {
    const r = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('status', 'in', OPEN)
      .orderBy('event_id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return r ? toDelivery(r) : undefined;
  }

  /**
   * Records that an attempt starts (before the request goes out, so a crash counts it).
   * `abandonAt`: when another process may assume it died and send again.
   */
  async startAttempt(db: Db, id: string, attempt: number, now: string, abandonAt: string): Promise<boolean> {
    const r = await db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', attempts: attempt, last_attempt_at: now, next_attempt_at: abandonAt, updated_at: now })
      .where('id', '=', id)
      .where('attempts', '=', attempt - 1)
      .where('status', 'in', OPEN)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records an attempt's outcome, unless a later attempt (or a redelivery) has replaced it. */
  async finishAttempt(
    db: Db,
    id: string,
    attempt: number,
    outcome: { status: DeliveryStatus; lastStatus: number | null; lastError: string | null; nextAttemptAt: string | null; now: string },
  ): Promise<void> {
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.status,
        last_status: outcome.lastStatus,
        last_error: outcome.lastError,
        next_attempt_at: outcome.nextAttemptAt,
        delivered_at: outcome.status === 'delivered' ? outcome.now : null,
        updated_at: outcome.now,
      })
      .where('id', '=', id)
      .where('status', '=', 'delivering')
      .where('attempts', '=', attempt)
      .execute();
  }

  /** The outbox event a delivery sends. */
  async findEvent(db: Db, id: string): Promise<{ id: string; type: string; createdAt: string; payload: unknown } | undefined> {
    const r = await db.selectFrom('outbox_events').select(['id', 'type', 'created_at', 'payload']).where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, type: r.type, createdAt: r.created_at, payload: readJson(r.payload) } : undefined;
  }

  /** How many outbox events wait to be fanned out (for tests and diagnostics). */
  async countPendingEvents(db: Db): Promise<number> {
    const r = await db
      .selectFrom('outbox_events')
      .select(sql<number>`count(*)`.as('n'))
      .where('webhooks_fanned_out_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
