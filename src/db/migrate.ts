import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { DbHandle } from './connect.ts';
import { type MigrationContext, migrationContext } from './dialect.ts';
import * as createTree from './migrations/2026_11_26_0900_create_tree.ts';
import * as createResources from './migrations/2026_11_26_1200_create_resources.ts';
import * as extendBatches from './migrations/2026_11_26_1300_extend_batches.ts';
import * as createBilling from './migrations/2026_11_26_1400_create_billing.ts';
import * as createWebhooks from './migrations/2026_11_26_1500_create_webhooks.ts';

// biome-ignore lint/suspicious/noExplicitAny: see the migration files
type MigrationModule = { up(db: Kysely<any>, ctx: MigrationContext): Promise<void> };

/** Every migration, in order. Names are the file names; never rename one that has shipped. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '2026_11_26_0900_create_tree': createTree,
  '2026_11_26_1200_create_resources': createResources,
  '2026_11_26_1300_extend_batches': extendBatches,
  '2026_11_26_1400_create_billing': createBilling,
  '2026_11_26_1500_create_webhooks': createWebhooks,
};

class ListedMigrations implements MigrationProvider {
  constructor(private readonly ctx: MigrationContext) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.ctx) }]));
  }
}

/**
 * Applies every pending migration, each in its own transaction. Throws the first failure
 * (the failed migration is rolled back; earlier ones stay). Returns the names applied now.
 */
export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: new ListedMigrations(migrationContext(handle.dialect)) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
