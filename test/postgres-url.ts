/** Shared by the global setup (main process) and test/dialects.ts (workers); imports nothing heavy. */

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database on the server the tests use; set by test/global-setup.ts. */
    postgresUrl: string;
  }
}

/** Migrated once per run; every PostgreSQL test database is a `CREATE DATABASE … TEMPLATE` copy of it. */
export const TEMPLATE_DATABASE = 'appmeta_template';

/** `postgres://u:p@h:port/x` → the same URL naming another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
