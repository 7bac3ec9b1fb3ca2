import type { Command } from 'commander';
import { loadDemo } from '../demo/load-demo.ts';
import { withServices } from './with-services.ts';

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Load a realistic demo tree (orgs, products, domains, businesses, apps, people) and costs (tenant cloud, 150 resources, daily bills) so there is something to look at',
    )
    .option('--data-dir <dir>', 'SQLite data directory (APPMETA_DATA_DIR); DATABASE_URL selects PostgreSQL')
    .action(async (o: { dataDir?: string }) => {
      await withServices(o, async (s) => {
        const summary = await loadDemo(s);
        process.stdout.write(`Demo loaded: ${JSON.stringify(summary)}\n`);
      });
    });
}
