import type { Kysely } from 'kysely';
import type { MigrationContext } from '../dialect.ts';

/**
 * Billing: the bill lines tenants push, each line's split over apps (cost_allocations), the
 * maintained roll-ups (cost_daily, cost_monthly) and the monthly statements frozen at close.
 *
 * Money is integer micro-units in 64-bit columns. App and environment are '' (not null) in
 * allocations and roll-ups for the tenant's unallocated bucket, so they can be part of a key.
 * Roll-up keys lead with the period so a month or a day range is one index range.
 * Frozen: never edit once released.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema type
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('bill_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('bill_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_key', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('booked_day', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('billed_micros', 'bigint', (c) => c.notNull())
    .addColumn('effective_micros', 'bigint')
    .addColumn('consumed_quantity', 'text')
    .addColumn('consumed_unit', 'text')
    .addColumn('sku_id', 'text')
    .addColumn('charge_category', 'text')
    .addColumn('charge_class', 'text')
    .addColumn('charge_description', 'text')
    .addColumn('extra', ctx.jsonType)
    .addColumn('ingest_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bill_lines_tenant_bill_uq', ['tenant_id', 'bill_id'])
    .execute();

  await db.schema
    .createTable('cost_allocations')
    .addColumn('line_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cost_allocations_line_idx').on('cost_allocations').column('line_id').execute();

  for (const [table, period] of [
    ['cost_daily', 'day'],
    ['cost_monthly', 'month'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(period, 'text', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('env', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount_micros', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, [period, 'app_id', 'env', 'type', 'tenant_id', 'currency'])
      .execute();
  }

  await db.schema
    .createTable('bill_rejections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('ingest_id', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('bill_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bill_rejections_tenant_idx').on('bill_rejections').columns(['tenant_id', 'id']).execute();

  await db.schema
    .createTable('statement_months')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('statement_lines')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('product_title', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('business', 'text', (c) => c.notNull())
    .addColumn('business_title', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('statement_lines_month_idx').on('statement_lines').columns(['month', 'product']).execute();
}
