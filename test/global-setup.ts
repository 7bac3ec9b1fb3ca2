import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startThrowawayPostgres } from './embedded-postgres.ts';
import { TEMPLATE_DATABASE, withDatabase } from './postgres-url.ts';

async function createTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const name = admin.escapeIdentifier(TEMPLATE_DATABASE);
    // A leftover from an earlier run on a shared TEST_POSTGRES_URL server would hold an old schema.
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const handle = connectDatabase({ databaseUrl: withDatabase(serverUrl, TEMPLATE_DATABASE), poolSize: 1 });
  try {
    await migrateToLatest(handle);
  } finally {
    // Must be closed: CREATE DATABASE … TEMPLATE fails while any session is connected to the template.
    await handle.close();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_POSTGRES_URL;
  if (external) {
    await createTemplate(external);
    project.provide('postgresUrl', withDatabase(external, 'postgres'));
    return async () => {};
  }

  const started = performance.now();
  const pgServer = await startThrowawayPostgres({ maxConnections: 300 });
  try {
    await createTemplate(pgServer.url);
  } catch (error) {
    await pgServer.stop();
    throw error;
  }
  project.provide('postgresUrl', pgServer.url);
  if (process.env.TEST_TIMINGS) {
    process.stderr.write(
      `[global-setup] PostgreSQL ready with a migrated template in ${Math.round(performance.now() - started)} ms in ${pgServer.dir}\n`,
    );
  }
  return pgServer.stop;
}
