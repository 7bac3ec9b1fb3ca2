import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from '../dialect.ts';

/**
 * Tenants (resource providers), their resource types, resources, attachments to app+environment
 * with validity intervals, batches, and the inventory roll-up.
 *
 * Attachments copy the resource's type and tenant and the app's business and domain, so that
 * "everything under this tree node" is one index range scan; app, business and domain moves keep
 * those copies in step. The inventory table is maintained on every attach, detach and capacity
 * change, so statistics under any node read a few thousand rows, not a million resources.
 * Frozen: never edit once released.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema type
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('resource_types')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('dimensions', ctx.jsonType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resource_types_tenant_idx').on('resource_types').column('tenant_id').execute();

  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull().references('resource_types.name'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', ctx.jsonType, (c) => c.notNull())
    .addColumn('attributes', ctx.jsonType, (c) => c.notNull())
    .addColumn('labels', ctx.jsonType, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attached_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('last_attachment_change_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('resources_type_external_uq', ['type', 'external_id'])
    .execute();
  await db.schema.createIndex('resources_tenant_idx').on('resources').columns(['tenant_id', 'type', 'status', 'id']).execute();
  await db.schema
    .createIndex('resources_unattached_idx')
    .on('resources')
    .columns(['type', 'id'])
    .where(sql.ref('attached_count'), '=', 0)
    .execute();

  await db.schema
    .createTable('resource_labels')
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_labels_pk', ['resource_id', 'key'])
    .execute();
  await db.schema.createIndex('resource_labels_kv_idx').on('resource_labels').columns(['key', 'value', 'resource_id']).execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id'))
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('domain_id', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('attached_at', 'text', (c) => c.notNull())
    .addColumn('detached_at', 'text')
    .addColumn('batch_id', 'text')
    .execute();
  await db.schema.createIndex('attachments_resource_idx').on('attachments').columns(['resource_id', 'attached_at']).execute();
  for (const level of ['app_id', 'business_id', 'domain_id'] as const) {
    await db.schema
      .createIndex(`attachments_current_${level}_idx`)
      .on('attachments')
      .columns([level, 'resource_id'])
      .where(sql.ref('detached_at'), 'is', null)
      .execute();
  }

  await db.schema
    .createTable('inventory')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('total', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('inventory_pk', ['app_id', 'env', 'type', 'dimension'])
    .execute();

  await db.schema
    .createTable('batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('request', ctx.jsonType, (c) => c.notNull())
    .addColumn('changes', ctx.jsonType, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reverted_at', 'text')
    .addColumn('reverted_by', 'text')
    .execute();
}
