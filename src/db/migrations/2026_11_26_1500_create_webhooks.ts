import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../dialect.ts';

/**
 * Webhooks: subscriptions (URL, event patterns, signing secret, a lease that lets one process at a
 * time deliver for a subscription, which keeps its deliveries in order) and the delivery log (one
 * row per subscription and event, unique, so a fan-out repeated by a crash or a second process adds
 * nothing).
 *
 * The outbox gets `webhooks_fanned_out_at`: null until the dispatcher has turned the event into
 * deliveries. A partial index over the null rows makes "what is left to fan out" a short index
 * range however large the outbox grows, and an event committed late (its id made long before its
 * commit) is still null when it becomes visible, so it is never skipped. Events already in the
 * outbox are marked done here: no subscription existed when they happened.
 * Frozen: never edit once released.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema type
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', ctx.jsonType, (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_event_uq', ['subscription_id', 'event_id'])
    .execute();
  // The delivery log, newest first per subscription.
  await db.schema.createIndex('webhook_deliveries_log_idx').on('webhook_deliveries').columns(['subscription_id', 'id']).execute();
  // Open deliveries only (a small set however long the log): the head of each subscription's queue,
  // and which of them are due.
  await db.schema
    .createIndex('webhook_deliveries_open_idx')
    .on('webhook_deliveries')
    .columns(['subscription_id', 'event_id', 'id'])
    .where(sql.ref('status'), 'in', sql`('pending', 'delivering')`)
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), 'in', sql`('pending', 'delivering')`)
    .execute();

  await db.schema.alterTable('outbox_events').addColumn('webhooks_fanned_out_at', 'text').execute();
  await db.updateTable('outbox_events').set({ webhooks_fanned_out_at: new Date().toISOString() }).execute();
  await db.schema
    .createIndex('outbox_events_webhooks_pending_idx')
    .on('outbox_events')
    .column('id')
    .where(sql.ref('webhooks_fanned_out_at'), 'is', null)
    .execute();
}
