import { loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildServices, type Services } from '../services.ts';

/** Opens the configured database (migrated), runs `fn` with the services, and closes it. */
export async function withServices<T>(o: { dataDir?: string }, fn: (s: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(o);
  const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await migrateToLatest(handle);
    return await fn(buildServices(handle));
  } finally {
    await handle.close();
  }
}
