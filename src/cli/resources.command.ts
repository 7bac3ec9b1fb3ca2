import { type Command, Option } from 'commander';
import { z } from 'zod';
import { MAX_UPSERT_ITEMS } from '../modules/resources/resources.service.ts';
import { CSV_COLUMNS_HELP } from './csv-columns.ts';
import { importResources } from './import-resources.ts';
import { parseOptions } from './options.ts';

const args = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    token: z.string().min(1).optional(),
    batchSize: z.coerce.number().int().min(1).max(MAX_UPSERT_ITEMS),
    mode: z.enum(['merge', 'full']),
    type: z.string().min(1).max(32).optional(),
    dryRun: z.boolean().default(false),
    json: z.boolean().default(false),
    progress: z.boolean().default(true),
  })
  .refine((o) => (o.mode === 'full') === (o.type !== undefined), {
    message: '--mode full needs --type <type>, and --type is only for --mode full',
  });

/** `batchSize` → `batch-size`, as the user typed it. */

const HELP = `
File formats:
  .csv   a header row, then one resource per row (RFC 4180: quote fields holding , " or line breaks).
         Columns, in any order (empty cells are left out, so stored values are kept):
${CSV_COLUMNS_HELP.map((l) => `           ${l}`).join('\n')}
         CSV is streamed: files of millions of rows are fine.
  .json  an array of items, or {"items": [...]}, each as in PUT /api/v1/resources
         ({type, externalId, name?, capacity?, labels?, attributes?, attach?: [{appid, env, weight?}]}).
         JSON is read whole.

The file is checked completely before anything is sent: a bad line stops the import with its line
number and nothing changes. Items are then sent in calls of --batch-size, one after another; each
call is atomic on the server, which may reject single items (unknown type or app, another tenant's
type…). Those are listed with their line numbers and the exit code is 2.

--mode full --type T makes the file the tenant's whole inventory of type T: resources of T missing
from it are deleted and detached. The server can only do that in a single call, so a full sync is
sent as one call whatever --batch-size says, and a file of more than ${MAX_UPSERT_ITEMS.toLocaleString('en-US')} items (or none)
is refused before anything is sent.

Exit codes: 0 all accepted; 2 some items rejected. Otherwise one line "appmeta: <code>: <message>" on
stderr and 65 (bad file, arguments or request), 66 (not found), 77 (token refused, or not permitted),
75 (conflict), 1 (anything else: server unreachable, server error).

Example:
  APPMETA_TOKEN=amt_… appmeta resources import mysql.csv --url http://appmeta.internal:8080
`;

/** `appmeta resources import <file>`: registers resources from a CSV or JSON file on a running server. */
export function resourcesCommand(program: Command): void {
  const resources = program.command('resources').description('Register resources on a running appmeta server (as a tenant)');
  resources
    .command('import')
    .description('Register (upsert) resources from a .csv or .json file through PUT /api/v1/resources, with progress')
    .argument('<file>', 'a .csv or .json file')
    .addOption(new Option('--url <url>', 'the appmeta server').env('APPMETA_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--token <token>', 'a tenant (or admin) token; prefer the variable: arguments show in ps').env('APPMETA_TOKEN'))
    .option('--batch-size <n>', `items per call, at most ${MAX_UPSERT_ITEMS}`, '5000')
    .addOption(
      new Option('--mode <mode>', 'merge: upsert; full: the file is all resources of --type').choices(['merge', 'full']).default('merge'),
    )
    .option('--type <type>', 'with --mode full: the resource type being synced')
    .option('--dry-run', 'check the file and show the calls it would make, without contacting the server')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress display on stderr')
    .addHelpText('after', HELP)
    .action(async (file: string, raw: unknown) => {
      const code = await importResources({ file, ...parseOptions(args, raw) }, { stdout: process.stdout, stderr: process.stderr });
      if (code !== 0) process.exitCode = code;
    });
}
