import type { Command } from 'commander';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { bootstrapAdmin } from '../modules/auth/bootstrap.ts';
import { buildServices } from '../services.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the API, its docs (/docs) and the console; migrates the database first')
    .option('--host <host>', 'address to listen on (APPMETA_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (APPMETA_PORT, default 8080)')
    .option('--data-dir <dir>', 'where the SQLite database and admin token live (APPMETA_DATA_DIR, default ./data)')
    .action(async (o: { host?: string; port?: string; dataDir?: string }) => {
      const config = loadConfig(o);
      const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      await migrateToLatest(handle);
      // A failed dispatcher round is retried on the next tick; it is logged so it is not silent.
      let logDispatchError: (error: unknown) => void = () => undefined;
      const services = buildServices(handle, { webhooks: { onError: (error) => logDispatchError(error) } });
      const boot = await bootstrapAdmin(services, { dataDir: config.dataDir, adminToken: config.adminToken });
      const app = await buildApp(services, { logLevel: config.logLevel, bodyLimit: config.bodyLimit });
      logDispatchError = (err) => app.log.warn({ err }, 'webhook dispatch round failed; retrying');
      services.changeFeed.start();
      services.webhookDispatcher.start();
      const address = await app.listen({ host: config.host, port: config.port });
      const url = address.replace('0.0.0.0', '127.0.0.1');
      const where = config.databaseUrl ? 'PostgreSQL' : `SQLite at ${config.sqlitePath}`;
      process.stdout.write(`\nappmeta is serving ${url}  (API docs: ${url}/docs, database: ${where})\n`);
      if (boot.generatedToken) {
        process.stdout.write(
          `\nFirst start: an admin token was created. It is shown only this once and saved to ${boot.tokenFile} (mode 0600):\n\n  ${boot.generatedToken}\n\nTry: curl -H "Authorization: Bearer $(cat ${boot.tokenFile})" ${url}/api/v1/me\n\n`,
        );
      }
      const stop = async () => {
        services.changeFeed.stop();
        // Waits for attempts in flight (at most their 10 s timeout) so their outcome is recorded.
        await services.webhookDispatcher.stop();
        await app.close();
        await handle.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
