import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (serve does this too)')
    .option('--data-dir <dir>', 'SQLite data directory (APPMETA_DATA_DIR, default ./data); DATABASE_URL selects PostgreSQL')
    .action(async (o: { dataDir?: string }) => {
      const config = loadConfig(o);
      const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        const applied = await migrateToLatest(handle);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      } finally {
        await handle.close();
      }
    });
}
