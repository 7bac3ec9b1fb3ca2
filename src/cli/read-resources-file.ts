import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { z } from 'zod';
import { upsertItem } from '../modules/resources/resources.schemas.ts';
import type { ResourceInput } from '../modules/resources/resources.types.ts';
import type { CsvRecord } from '../shared/csv.ts';
import { ValidationError } from '../shared/errors.ts';
import { csvHeader, RowError, type RowMapper } from './csv-columns.ts';
import { jsonItemLines, lineOfOffset } from './json-item-lines.ts';
import { csvFileRecords, malformed, unreadable } from './source-file.ts';

/** One item of the file, checked against the API's item schema, and the line it starts on. */
export interface SourceItem {
  line: number;
  item: ResourceInput;
}

/** A resources file: `items()` reads it from the start each time it is called. */
export interface ResourcesFile {
  path: string;
  kind: 'csv' | 'json';
  /** @throws ValidationError `file_malformed` (with the line), `file_unreadable` */
  items(): AsyncGenerator<SourceItem>;
}

/** zod's issues as `path: message`; a bad record key gets the key rule's own message, not "Invalid key in record". */
function issueText(e: z.ZodError): string {
  return e.issues
    .map((i) => {
      const inner = i.code === 'invalid_key' ? i.issues.map((k) => k.message).join(', ') : '';
      const message = inner || i.message;
      return i.path.length ? `${i.path.join('.')}: ${message}` : message;
    })
    .join('; ');
}

/** Checks one item against the API schema, so one bad item cannot fail a whole call of thousands. */
function checked(path: string, line: number, raw: unknown, what = ''): SourceItem {
  const parsed = upsertItem.safeParse(raw);
  if (!parsed.success) throw malformed(path, line, `${what}${issueText(parsed.error)}`);
  return { line, item: parsed.data };
}

async function* csvItems(path: string): AsyncGenerator<SourceItem> {
  let mapper: RowMapper | undefined;
  const toItem = (rec: CsvRecord): SourceItem | undefined => {
    try {
      if (!mapper) {
        mapper = csvHeader(rec.fields);
        return undefined;
      }
      return checked(path, rec.line, mapper.toItem(rec.fields));
    } catch (err) {
      if (err instanceof RowError) throw malformed(path, rec.line, err.message);
      throw err;
    }
  };
  for await (const rec of csvFileRecords(path)) {
    const item = toItem(rec);
    if (item) yield item;
  }
  if (!mapper) throw malformed(path, 1, 'the file is empty; a CSV needs a header row (type,externalId,…)');
}

async function jsonItems(path: string): Promise<SourceItem[]> {
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
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    throw malformed(path, at ? lineOfOffset(text, Number(at[1])) : 1, `not valid JSON (${message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) throw malformed(path, 1, 'expected an array of items, or an object {"items": [...]}');
  const lines = jsonItemLines(text);
  return list.map((raw, i) => checked(path, lines[i] ?? 1, raw, `item ${i + 1}: `));
}

/**
 * Opens a `.csv` or `.json` resources file (by extension). CSV is streamed, so its size is not
 * bounded by memory; JSON (an array of items, or `{"items": [...]}`) is read whole and parsed once.
 * Every item is checked against the API's item schema while reading.
 * @throws NotFoundError `file_not_found`; ValidationError `file_unreadable`, `unsupported_file`
 */
export function openResourcesFile(path: string): ResourcesFile {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') {
    throw new ValidationError('unsupported_file', `${path}: expected a .csv or .json file.`, { file: path });
  }
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (err) {
    throw unreadable(path, err);
  }
  if (ext === '.csv') return { path, kind: 'csv', items: () => csvItems(path) };
  let cached: Promise<SourceItem[]> | undefined;
  return {
    path,
    kind: 'json',
    async *items() {
      cached ??= jsonItems(path);
      yield* await cached;
    },
  };
}
