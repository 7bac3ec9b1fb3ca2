import type { Command } from 'commander';
import { z } from 'zod';
import { systemContext } from '../modules/auth/principal.ts';
import { ValidationError } from '../shared/errors.ts';
import { withServices } from './with-services.ts';

const args = z.object({
  user: z.string().min(1),
  name: z.string().min(1).max(100).default('cli'),
  expires: z.iso.datetime().optional(),
  createUser: z.boolean().optional(),
  admin: z.boolean().optional(),
  dataDir: z.string().optional(),
});

export function tokenCommand(program: Command): void {
  const token = program.command('token').description('Manage API tokens directly in the database (local operator access)');
  token
    .command('create')
    .description('Issue a token for a user and print it once')
    .requiredOption('--user <name>', 'the user the token acts as')
    .option('--name <name>', 'a label for the token', 'cli')
    .option('--expires <iso>', 'expiry, ISO-8601 (default: never)')
    .option('--create-user', 'create the user first if it does not exist')
    .option('--admin', 'with --create-user: make the new user an admin')
    .option('--data-dir <dir>', 'SQLite data directory (APPMETA_DATA_DIR); DATABASE_URL selects PostgreSQL')
    .action(async (raw: unknown) => {
      const parsed = args.safeParse(raw);
      if (!parsed.success)
        throw new ValidationError('invalid_arguments', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const o = parsed.data;
      await withServices(o, async (s) => {
        if (o.createUser && !(await s.people.repo.findUser(s.deps.db, o.user))) {
          await s.people.createUser(systemContext, { name: o.user, isAdmin: o.admin ?? false });
        }
        const issued = await s.tokens.issueForUser(systemContext, { user: o.user, name: o.name, expiresAt: o.expires ?? null });
        process.stdout.write(`${issued.token}\n`);
        process.stderr.write(`token ${issued.id} for user ${o.user} (${o.name}); it is not shown again.\n`);
      });
    });
}
