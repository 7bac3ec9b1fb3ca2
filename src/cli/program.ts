import { Command } from 'commander';
import { billsCommand } from './bills.command.ts';
import { demoCommand } from './demo.command.ts';
import { migrateCommand } from './migrate.command.ts';
import { resourcesCommand } from './resources.command.ts';
import { serveCommand } from './serve.command.ts';
import { tokenCommand } from './token.command.ts';

/** The `appmeta` command line. Each command parses its options and calls services. */
export function buildProgram(): Command {
  const program = new Command('appmeta')
    .description('appmeta: the application metadata platform (service tree)')
    .version('0.1.0')
    .showHelpAfterError();
  serveCommand(program);
  migrateCommand(program);
  tokenCommand(program);
  demoCommand(program);
  resourcesCommand(program);
  billsCommand(program);
  return program;
}
