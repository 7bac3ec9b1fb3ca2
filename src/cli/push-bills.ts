import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { pushOut } from '../modules/billing/billing.schemas.ts';
import { formatCsvRow } from '../shared/csv.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import { ApiClient } from './api-client.ts';
import { Progress, type ProgressStream } from './progress.ts';
import { type BillsFile, openBillsFile, type SourceLine } from './read-bills-file.ts';

/** How many rejections the summary lists (all are counted, and all go to --rejections). */
export const SHOWN_BILL_REJECTIONS = 20;

/** What `appmeta bills push` was asked to do (already validated). */
export interface PushBillsOptions {
  file: string;
  url: string;
  token?: string;
  chunkSize: number;
  rejections?: string;
  json: boolean;
  progress: boolean;
}

export interface PushBillsIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  now?: () => number;
}

export interface BillRejectionLine {
  /** where in the file: see `unit` */
  at: number;
  billId: string | null;
  code: string;
  message: string;
}

/** The summed outcome; `--json` prints exactly this. */
export interface PushBillsSummary {
  file: string;
  /** what `at` counts: CSV data `row` (1 = first after the header), NDJSON `line`, JSON `item` */
  unit: 'row' | 'line' | 'item';
  lines: number;
  calls: number;
  seconds: number;
  linesPerSecond: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** the first SHOWN_BILL_REJECTIONS */
  rejections: BillRejectionLine[];
  ignoredColumns: string[];
  /** one per call: its audit row and stored rejections */
  ingestIds: string[];
  rejectionsFile: string | null;
}

/** First pass: counts the lines and checks the file's syntax, so nothing is sent from a broken file. */
async function count(file: BillsFile, o: PushBillsOptions, io: PushBillsIo): Promise<number> {
  const progress = new Progress(`checking ${file.path}`, undefined, { stream: io.stderr, now: io.now, enabled: o.progress });
  let n = 0;
  try {
    for await (const _ of file.lines()) {
      if (++n % 10_000 === 0) progress.update(n);
    }
    progress.update(n);
  } finally {
    progress.finish();
  }
  return n;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * `appmeta bills push`: checks the file, then sends it in calls of `chunkSize` lines (at most
 * 50,000) to `POST /api/v1/bills`, one after another, with a progress bar; each call is atomic on
 * the server. Prints the summed summary; with `rejections`, writes every rejected line as CSV.
 * Returns 0 when nothing was rejected, 2 otherwise.
 * @throws AppError for a bad file, a refused token or a server error (calls before it stay booked)
 */
export async function pushBills(o: PushBillsOptions, io: PushBillsIo): Promise<number> {
  const now = io.now ?? Date.now;
  const file = openBillsFile(o.file);
  if (!o.token) throw new ValidationError('token_required', 'Pass --token or set APPMETA_TOKEN (a tenant token).');
  const client = new ApiClient({ url: o.url, token: o.token });
  const total = await count(file, o, io);

  const started = now();
  const s: PushBillsSummary = {
    file: o.file,
    unit: file.unit,
    lines: 0,
    calls: 0,
    seconds: 0,
    linesPerSecond: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    ignoredColumns: [],
    ingestIds: [],
    rejectionsFile: o.rejections ?? null,
  };
  const ignored = new Set<string>();
  const out = o.rejections ? createWriteStream(o.rejections) : undefined;
  if (out) await write(out, `${formatCsvRow([file.unit, 'BillId', 'code', 'message'])}\n`);
  const progress = new Progress('pushing', total, { stream: io.stderr, now: io.now, enabled: o.progress });
  let chunk: SourceLine[] = [];
  const flush = async () => {
    const r = await client.send('POST', '/api/v1/bills', pushOut, { body: { lines: chunk.map((c) => c.line) } });
    s.calls++;
    s.lines += chunk.length;
    s.accepted += r.accepted;
    s.duplicates += r.duplicates;
    s.rejected += r.rejected.length;
    s.ingestIds.push(r.ingestId);
    for (const c of r.ignoredColumns) ignored.add(c);
    for (const x of r.rejected) {
      const at = chunk[x.line - 1]?.at ?? 0;
      if (s.rejections.length < SHOWN_BILL_REJECTIONS) s.rejections.push({ at, billId: x.billId, code: x.code, message: x.message });
      if (out) await write(out, `${formatCsvRow([String(at), x.billId ?? '', x.code, x.message])}\n`);
    }
    chunk = [];
    progress.update(s.lines);
  };
  try {
    progress.update(0);
    for await (const l of file.lines()) {
      chunk.push(l);
      if (chunk.length >= o.chunkSize) await flush();
    }
    if (chunk.length > 0) await flush();
  } catch (err) {
    if (err instanceof AppError && s.lines > 0) {
      err.message += ` (${s.lines} of ${total} lines were pushed before this; pushing the file again is safe: accepted BillIds count as duplicates)`;
    }
    throw err;
  } finally {
    progress.finish();
    if (out) {
      out.end();
      await once(out, 'close');
    }
  }
  const seconds = (now() - started) / 1000;
  s.seconds = Math.round(seconds * 1000) / 1000;
  s.linesPerSecond = seconds > 0 ? Math.round(s.lines / seconds) : s.lines;
  s.ignoredColumns = [...ignored].sort();
  io.stdout.write(o.json ? `${JSON.stringify(s)}\n` : formatBillsSummary(s));
  return s.rejected > 0 ? 2 : 0;
}

const fmt = new Intl.NumberFormat('en-US');

/** The human summary printed on stdout. */
export function formatBillsSummary(s: PushBillsSummary): string {
  const out = [
    `Pushed ${s.file}: ${fmt.format(s.lines)} lines in ${s.calls} call${s.calls === 1 ? '' : 's'}` +
      ` (${s.seconds.toFixed(1)} s, ${fmt.format(s.linesPerSecond)} lines/s)`,
  ];
  const keys = ['accepted', 'duplicates', 'rejected'] as const;
  const width = Math.max(...keys.map((k) => fmt.format(s[k]).length));
  for (const k of keys) out.push(`  ${k.padEnd(10)} ${fmt.format(s[k]).padStart(width)}`);
  if (s.ignoredColumns.length > 0) out.push(`Ignored columns: ${s.ignoredColumns.join(', ')}`);
  if (s.rejections.length > 0) {
    const more = s.rejected > s.rejections.length ? ` (of ${fmt.format(s.rejected)})` : '';
    out.push(`Rejected lines, first ${s.rejections.length}${more}:`);
    for (const r of s.rejections) out.push(`  ${s.unit} ${r.at}: ${r.billId ?? '(no BillId)'}: ${r.code}: ${r.message}`);
  }
  if (s.rejectionsFile && s.rejected > 0) out.push(`All ${fmt.format(s.rejected)} rejections written to ${s.rejectionsFile}`);
  return `${out.join('\n')}\n`;
}
