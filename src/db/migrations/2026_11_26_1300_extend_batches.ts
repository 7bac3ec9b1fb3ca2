import type { Kysely } from 'kysely';
import type { MigrationContext } from '../dialect.ts';

/**
 * What batch operations need beyond the `batches` table of 2026_11_26_1200: the state a revert
 * restores (`undo`: per touched resource its prior state and the version the batch left), the
 * change counts (`summary`, so lists need not read every change), and the link from a revert to the
 * batch it undid (`reverts`, unique: a batch is reverted at most once, even under concurrency).
 * Frozen: never edit once released.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on the current schema type
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  await db.schema.alterTable('batches').addColumn('undo', ctx.jsonType).execute();
  await db.schema.alterTable('batches').addColumn('summary', ctx.jsonType).execute();
  await db.schema.alterTable('batches').addColumn('reverts', 'text').execute();
  await db.schema.createIndex('batches_reverts_uq').on('batches').column('reverts').unique().execute();
  await db.schema.createIndex('batches_tenant_idx').on('batches').columns(['tenant_id', 'id']).execute();
}
