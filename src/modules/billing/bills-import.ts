import { CsvParser, type CsvRecord, CsvSyntaxError } from '../../shared/csv.ts';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import type { RequestContext } from '../auth/principal.ts';
import { FOCUS_COLUMNS, type LineRejection, type RawBillLine } from './bill-line.ts';
import { type BillsService, MAX_LINES_PER_CALL } from './bills.service.ts';

/** The FOCUS columns a bill CSV must have in its header; without them no row could be booked. */
export const REQUIRED_CSV_COLUMNS = ['BillId', 'ResourceId', 'ChargePeriodStart', 'ChargePeriodEnd', 'BilledCost', 'BillingCurrency'];

/** How many rejections an import answers with; all of them are stored (GET /api/v1/bills/rejections). */
export const MAX_REPORTED_REJECTIONS = 1_000;

/**
 * The longest record the reader holds while waiting for its end (an unclosed quote would otherwise
 * make it buffer the rest of a multi-gigabyte upload).
 */
const MAX_RECORD_CHARS = 1 << 20;

const KEPT = new Set<string>(FOCUS_COLUMNS);

export interface CsvImportResult {
  /** data rows read (the header row is not counted) */
  rows: number;
  /** calls of `BillsService.push`, each of at most 50,000 rows and atomic */
  chunks: number;
  /** one per chunk: the `ingestId` of its audit row and of its stored rejections */
  ingestIds: string[];
  accepted: number;
  duplicates: number;
  /** the first MAX_REPORTED_REJECTIONS rejections, by row */
  rejected: LineRejection[];
  /** how many rows were rejected in all */
  rejectedCount: number;
  /** header columns that are neither read FOCUS columns nor `x_` columns */
  ignoredColumns: string[];
}

export interface CsvImportOptions {
  /** rows per push (default and maximum MAX_LINES_PER_CALL; tests use less) */
  chunkRows?: number;
}

/** A header row turned into "which field goes to which column"; ignored columns are dropped from the rows. */
function readHeader(rec: CsvRecord): { columns: Array<[number, string]>; width: number; ignored: string[] } {
  const names = rec.fields.map((f) => f.trim());
  const seen = new Set<string>();
  for (const n of names) {
    if (n !== '' && seen.has(n))
      throw new ValidationError('invalid_csv', `Line ${rec.line}: the header names column "${n}" twice.`, { line: rec.line });
    seen.add(n);
  }
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new ValidationError(
      'invalid_csv',
      `The header row lacks the FOCUS column(s) ${missing.join(', ')}; nothing was booked. ` +
        `Required: ${REQUIRED_CSV_COLUMNS.join(', ')} (names are case-sensitive).`,
      { line: rec.line, missing },
    );
  }
  const columns: Array<[number, string]> = [];
  const ignored: string[] = [];
  names.forEach((n, i) => {
    if (KEPT.has(n) || n.startsWith('x_')) columns.push([i, n]);
    else if (n !== '') ignored.push(n);
  });
  return { columns, width: names.length, ignored };
}

/**
 * Books a FOCUS CSV (header row, then one bill line per row, any column order) read from a stream,
 * without holding more than one chunk of rows: every `chunkRows` data rows (50,000) go to
 * `BillsService.push` as one call, so each chunk is atomic and the chunks before a failure stay
 * booked — safe to send the whole file again, since a BillId already accepted counts as a duplicate.
 * Rejection `line`s are data row numbers: the first row after the header is 1 (blank lines are
 * skipped and not counted). The results of the chunks are summed; at most MAX_REPORTED_REJECTIONS
 * rejections are returned (`rejectedCount` counts all; all are stored).
 *
 * @throws ForbiddenError `tenant_required` before reading anything unless the caller is a tenant;
 *   ValidationError `invalid_csv` for an empty file or a header without the required columns (nothing
 *   booked), or for a syntax error, a row whose field count differs from the header's, text that is
 *   not UTF-8 or a record over 1 MiB — then `details` has the physical `line` of the file (header =
 *   line 1) and what the chunks booked before it (a chunk is sent once its 50,000th row is read, so
 *   rows read before the error but not yet sent are not booked); `invalid_character` for a NUL.
 */
export async function importBillsCsv(
  bills: BillsService,
  ctx: RequestContext,
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  opts: CsvImportOptions = {},
): Promise<CsvImportResult> {
  if (ctx.principal.kind !== 'tenant')
    throw new ForbiddenError('tenant_required', 'Only a tenant (resource provider) token can push bills.');
  const chunkRows = Math.min(opts.chunkRows ?? MAX_LINES_PER_CALL, MAX_LINES_PER_CALL);
  const result: CsvImportResult = {
    rows: 0,
    chunks: 0,
    ingestIds: [],
    accepted: 0,
    duplicates: 0,
    rejected: [],
    rejectedCount: 0,
    ignoredColumns: [],
  };
  const ignored = new Set<string>();
  let header: ReturnType<typeof readHeader> | undefined;
  let pending: RawBillLine[] = [];
  let pendingFirst = 1;
  let lastLine = 0;

  const failed = (code: string, line: number, problem: string): ValidationError => {
    const kept =
      result.chunks === 0
        ? 'nothing was booked'
        : `the ${result.chunks} chunk(s) before it (${result.rows - pending.length} rows: ${result.accepted} accepted, ` +
          `${result.duplicates} duplicates, ${result.rejectedCount} rejected) stay booked; sending the fixed file again is safe`;
    return new ValidationError(code, `Line ${line}: ${problem}; ${kept}.`, {
      line,
      chunks: result.chunks,
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejectedCount,
    });
  };

  const flush = async () => {
    if (pending.length === 0) return;
    const r = await bills.push(ctx, pending, pendingFirst);
    result.chunks++;
    result.ingestIds.push(r.ingestId);
    result.accepted += r.accepted;
    result.duplicates += r.duplicates;
    result.rejectedCount += r.rejected.length;
    for (const x of r.rejected) {
      if (result.rejected.length >= MAX_REPORTED_REJECTIONS) break;
      result.rejected.push(x);
    }
    for (const c of r.ignoredColumns) ignored.add(c);
    pending = [];
  };

  const take = async (records: CsvRecord[]) => {
    for (const rec of records) {
      lastLine = rec.line;
      if (!header) {
        header = readHeader(rec);
        for (const c of header.ignored) ignored.add(c);
        continue;
      }
      if (rec.fields.length !== header.width) {
        throw failed('invalid_csv', rec.line, `the row has ${rec.fields.length} field(s) but the header has ${header.width}`);
      }
      const row: RawBillLine = {};
      for (const [i, name] of header.columns) {
        const v = rec.fields[i] as string;
        if (v.includes('\u0000'))
          throw failed('invalid_character', rec.line, `column ${name} contains a NUL character, which no field may hold`);
        if (v !== '') row[name] = v;
      }
      if (pending.length === 0) pendingFirst = result.rows + 1;
      pending.push(row);
      result.rows++;
      if (pending.length >= chunkRows) await flush();
    }
  };

  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let unfinished = 0;
  const feed = async (text: string) => {
    const records = parser.push(text);
    unfinished = records.length > 0 ? 0 : unfinished + text.length;
    if (unfinished > MAX_RECORD_CHARS) {
      throw failed('invalid_csv', lastLine + 1, 'a record runs over 1 MiB without ending (an unclosed quote?)');
    }
    await take(records);
  };
  try {
    for await (const chunk of source) {
      await feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    }
    await feed(decoder.decode());
    await take(parser.end());
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw failed('invalid_csv', err.line, err.message);
    if (err instanceof TypeError && (err as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw failed('invalid_csv', lastLine + 1, 'the text is not valid UTF-8');
    }
    throw err;
  }
  if (!header) throw new ValidationError('invalid_csv', 'The CSV is empty; it needs a header row of FOCUS column names.', { line: 1 });
  await flush();
  result.ignoredColumns = [...ignored].sort();
  return result;
}
