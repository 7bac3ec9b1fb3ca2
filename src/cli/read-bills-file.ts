import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { REQUIRED_CSV_COLUMNS } from '../modules/billing/bills-import.ts';
import type { CsvRecord } from '../shared/csv.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import { csvFileRecords, malformed, unreadable } from './source-file.ts';

/** One bill line of the file (FOCUS columns, values as in the file) and where it is. */
export interface SourceLine {
  /** CSV: the data row (1 = first row after the header); NDJSON: the line of the file; JSON: the item (1-based) */
  at: number;
  line: Record<string, unknown>;
}

/** A bills file: `lines()` reads it from the start each time it is called. */
export interface BillsFile {
  path: string;
  kind: 'csv' | 'ndjson' | 'json';
  /** what `at` counts, for messages: `row`, `line` or `item` */
  unit: 'row' | 'line' | 'item';
  /** @throws ValidationError `file_malformed` (with the line of the file), `file_unreadable` */
  lines(): AsyncGenerator<SourceLine>;
}

async function* csvLines(path: string): AsyncGenerator<SourceLine> {
  let header: string[] | undefined;
  let row = 0;
  const toLine = (rec: CsvRecord): SourceLine | undefined => {
    if (!header) {
      header = rec.fields.map((f) => f.trim());
      const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header?.includes(c));
      if (missing.length > 0) throw malformed(path, rec.line, `the header lacks the FOCUS column(s) ${missing.join(', ')}`);
      return undefined;
    }
    if (rec.fields.length !== header.length) {
      throw malformed(path, rec.line, `the row has ${rec.fields.length} field(s) but the header has ${header.length}`);
    }
    const line: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const v = rec.fields[i] as string;
      if (name !== '' && v !== '') line[name] = v;
    });
    return { at: ++row, line };
  };
  for await (const rec of csvFileRecords(path)) {
    const l = toLine(rec);
    if (l) yield l;
  }
  if (!header) throw malformed(path, 1, 'the file is empty; a CSV needs a header row of FOCUS column names');
}

async function* ndjsonLines(path: string): AsyncGenerator<SourceLine> {
  let n = 0;
  try {
    const input = createReadStream(path, { encoding: 'utf8' });
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      n++;
      const t = n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (t.trim() === '') continue;
      let line: unknown;
      try {
        line = JSON.parse(t);
      } catch (err) {
        throw malformed(path, n, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      }
      if (typeof line !== 'object' || line === null || Array.isArray(line)) throw malformed(path, n, 'each line must be a JSON object');
      yield { at: n, line: line as Record<string, unknown> };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(path, err);
  }
}

async function jsonLines(path: string): Promise<SourceLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable(path, err);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw malformed(path, 1, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(list)) throw malformed(path, 1, 'expected an array of bill lines, or an object {"lines": [...]}');
  return list.map((line, i) => {
    if (typeof line !== 'object' || line === null || Array.isArray(line)) throw malformed(path, 1, `item ${i + 1} is not an object`);
    return { at: i + 1, line: line as Record<string, unknown> };
  });
}

/**
 * Opens a bills file by extension: `.csv` (FOCUS columns in a header row; streamed), `.ndjson` /
 * `.jsonl` (one JSON object per line; streamed), `.json` (an array of lines or `{"lines": [...]}`;
 * read whole). @throws NotFoundError `file_not_found`; ValidationError `file_unreadable`, `unsupported_file`
 */
export function openBillsFile(path: string): BillsFile {
  const ext = extname(path).toLowerCase();
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (err) {
    throw unreadable(path, err);
  }
  if (ext === '.csv') return { path, kind: 'csv', unit: 'row', lines: () => csvLines(path) };
  if (ext === '.ndjson' || ext === '.jsonl') return { path, kind: 'ndjson', unit: 'line', lines: () => ndjsonLines(path) };
  if (ext === '.json') {
    let cached: Promise<SourceLine[]> | undefined;
    return {
      path,
      kind: 'json',
      unit: 'item',
      async *lines() {
        cached ??= jsonLines(path);
        yield* await cached;
      },
    };
  }
  throw new ValidationError('unsupported_file', `${path}: expected a .csv, .ndjson, .jsonl or .json file.`, { file: path });
}
