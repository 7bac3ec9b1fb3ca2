import { type Command, Option } from 'commander';
import { z } from 'zod';
import { MAX_LINES_PER_CALL } from '../modules/billing/bills.service.ts';
import { parseOptions } from './options.ts';
import { pushBills } from './push-bills.ts';

const args = z.object({
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1).optional(),
  chunkSize: z.coerce.number().int().min(1).max(MAX_LINES_PER_CALL),
  rejections: z.string().min(1).optional(),
  json: z.boolean().default(false),
  progress: z.boolean().default(true),
});

const HELP = `
File formats (by extension):
  .csv            a FOCUS export as is: a header row of FOCUS column names (BillId, ResourceId,
                  ChargePeriodStart, ChargePeriodEnd, BilledCost, BillingCurrency required), any
                  column order; other columns are ignored, x_ columns kept. Streamed.
  .ndjson .jsonl  one JSON object of FOCUS columns per line. Streamed.
  .json           an array of lines, or {"lines": [...]}, as in POST /api/v1/bills. Read whole.
Amounts are decimal strings ("12.50"), never JSON numbers.

The file is read once to check its syntax and count its lines (nothing is sent from a broken file),
then sent in calls of --chunk-size lines to POST /api/v1/bills, one after another. Each call is
atomic on the server; lines it refuses are listed by CSV data row (1 = the first row after the
header), NDJSON line or JSON item. If a call fails, the calls before it stay booked, and pushing the
whole file again is safe: a BillId already accepted counts as a duplicate, not again.

Exit codes: 0 no line rejected; 2 some lines rejected. Otherwise one line "appmeta: <code>: <message>"
on stderr and 65 (bad file, arguments or request), 66 (file not found), 77 (token refused, or not a
tenant token), 1 (anything else: server unreachable, server error).

Example:
  APPMETA_TOKEN=amt_… appmeta bills push focus-2026-10.csv --url http://appmeta.internal:8080 --rejections rejected.csv
`;

/** `appmeta bills push <file>`: pushes FOCUS bill lines from a file to a running server, with progress. */
export function billsCommand(program: Command): void {
  const bills = program.command('bills').description('Push bills to a running appmeta server (as a tenant)');
  bills
    .command('push')
    .description('Push bill lines from a FOCUS .csv, .ndjson or .json file through POST /api/v1/bills, with progress')
    .argument('<file>', 'a .csv, .ndjson/.jsonl or .json file')
    .addOption(new Option('--url <url>', 'the appmeta server').env('APPMETA_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--token <token>', 'a tenant token; prefer the variable: arguments show in ps').env('APPMETA_TOKEN'))
    .option('--chunk-size <n>', `lines per call, at most ${MAX_LINES_PER_CALL}`, String(MAX_LINES_PER_CALL))
    .option('--rejections <file>', 'write every rejected line (position, BillId, code, message) to this CSV file')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress display on stderr')
    .addHelpText('after', HELP)
    .action(async (file: string, raw: unknown) => {
      const code = await pushBills({ file, ...parseOptions(args, raw) }, { stdout: process.stdout, stderr: process.stderr });
      if (code !== 0) process.exitCode = code;
    });
}
