import { upsertOut } from '../modules/resources/resources.schemas.ts';
import { MAX_UPSERT_ITEMS } from '../modules/resources/resources.service.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import { ApiClient } from './api-client.ts';
import { formatSummary, SummaryBuilder } from './import-summary.ts';
import { Progress, type ProgressStream } from './progress.ts';
import { openResourcesFile, type ResourcesFile, type SourceItem } from './read-resources-file.ts';

/** What `appmeta resources import` was asked to do (already validated). */
export interface ImportOptions {
  file: string;
  url: string;
  token?: string;
  batchSize: number;
  mode: 'merge' | 'full';
  type?: string;
  dryRun: boolean;
  json: boolean;
  progress: boolean;
}

/** Where output goes; injectable for tests. */
export interface ImportIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  now?: () => number;
}

interface Plan {
  items: number;
  batchSize: number;
  calls: Array<{ items: number; firstLine: number; lastLine: number }>;
  types: Record<string, number>;
  attaching: number;
  first?: SourceItem['item'];
}

/** First pass: reads and checks the whole file (nothing is sent if any line is bad) and plans the calls. */
async function check(file: ResourcesFile, o: ImportOptions, io: ImportIo): Promise<Plan> {
  const progress = new Progress(`checking ${file.path}`, undefined, { stream: io.stderr, now: io.now, enabled: o.progress });
  const plan: Plan = { items: 0, batchSize: o.batchSize, calls: [], types: {}, attaching: 0 };
  const perCall = o.mode === 'full' ? Number.POSITIVE_INFINITY : o.batchSize;
  let call: Plan['calls'][number] | undefined;
  try {
    for await (const { line, item } of file.items()) {
      plan.first ??= item;
      plan.items++;
      plan.types[item.type] = (plan.types[item.type] ?? 0) + 1;
      if (item.attach) plan.attaching++;
      if (!call || call.items >= perCall) {
        call = { items: 0, firstLine: line, lastLine: line };
        plan.calls.push(call);
      }
      call.items++;
      call.lastLine = line;
      if (plan.items % 10_000 === 0) progress.update(plan.items);
    }
  } finally {
    progress.finish();
  }
  if (o.mode === 'full') {
    if (plan.items > MAX_UPSERT_ITEMS) {
      throw new ValidationError(
        'too_many_items',
        `${file.path} has ${plan.items} items, but a full sync must be a single call of at most ${MAX_UPSERT_ITEMS} ` +
          '(the server deletes whatever one call does not contain); nothing was sent.',
      );
    }
    if (plan.items === 0) {
      throw new ValidationError(
        'empty_full_sync',
        `${file.path} has no items: a full sync of nothing would delete every "${o.type}" resource of the tenant; nothing was sent.`,
      );
    }
    plan.batchSize = plan.items;
  }
  return plan;
}

function printDryRun(plan: Plan, o: ImportOptions, client: ApiClient, io: ImportIo): void {
  const url = client.urlOf('/api/v1/resources', { mode: o.mode === 'full' ? 'full' : undefined, type: o.type });
  if (o.json) {
    io.stdout.write(`${JSON.stringify({ dryRun: true, file: o.file, mode: o.mode, url, ...plan })}\n`);
    return;
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  const out = [`Dry run: ${o.file} holds ${fmt(plan.items)} valid items; nothing was sent.`];
  out.push(`Would send ${plan.calls.length} call(s) of PUT ${url}:`);
  for (const [i, c] of plan.calls.slice(0, 20).entries()) out.push(`  ${i + 1}: ${fmt(c.items)} items, lines ${c.firstLine}–${c.lastLine}`);
  if (plan.calls.length > 20) out.push(`  … and ${plan.calls.length - 20} more`);
  const types = Object.entries(plan.types).map(([t, n]) => `${t} ${fmt(n)}`);
  out.push(`By type: ${types.join(', ') || 'none'}`);
  out.push(`Attach: ${fmt(plan.attaching)} items to one app each; ${fmt(plan.items - plan.attaching)} keep their attachments`);
  if (plan.first) out.push(`First item: ${JSON.stringify(plan.first)}`);
  io.stdout.write(`${out.join('\n')}\n`);
}

/**
 * `appmeta resources import`: checks the whole file first, then sends it in calls of `batchSize`
 * items, one after another (a full sync as one call), and prints the summed summary.
 * Returns the exit code: 0 all accepted, 2 some rejected. @throws AppError for a bad file or a server error
 */
export async function importResources(o: ImportOptions, io: ImportIo): Promise<number> {
  const now = io.now ?? Date.now;
  const file = openResourcesFile(o.file);
  const client = new ApiClient({ url: o.url, token: o.token ?? '' });
  const plan = await check(file, o, io);
  if (o.dryRun) {
    printDryRun(plan, o, client, io);
    return 0;
  }
  if (!o.token) throw new ValidationError('token_required', 'Pass --token or set APPMETA_TOKEN (a tenant or admin token).');

  const started = now();
  const summary = new SummaryBuilder(o.file, o.mode);
  const progress = new Progress('importing', plan.items, { stream: io.stderr, now: io.now, enabled: o.progress });
  const query = { mode: o.mode === 'full' ? 'full' : undefined, type: o.type };
  let sent = 0;
  let batch: SourceItem[] = [];
  const flush = async () => {
    const result = await client.send('PUT', '/api/v1/resources', upsertOut, { query, body: { items: batch.map((b) => b.item) } });
    summary.add(
      result,
      batch.map((b) => b.line),
    );
    sent += batch.length;
    batch = [];
    progress.update(sent);
  };
  try {
    progress.update(0);
    for await (const item of file.items()) {
      batch.push(item);
      if (batch.length >= plan.batchSize) await flush();
    }
    if (batch.length > 0) await flush();
  } catch (err) {
    if (err instanceof AppError && sent > 0) {
      err.message += ` (${sent} of ${plan.items} items were imported before this${o.mode === 'merge' ? '; running the import again is safe' : ''})`;
    }
    throw err;
  } finally {
    progress.finish();
  }
  const result = summary.build((now() - started) / 1000);
  io.stdout.write(o.json ? `${JSON.stringify(result)}\n` : formatSummary(result));
  return result.rejected > 0 ? 2 : 0;
}
