import { createReadStream } from 'node:fs';
import { CsvParser, type CsvRecord, CsvSyntaxError } from '../shared/csv.ts';
import { AppError, NotFoundError, ValidationError } from '../shared/errors.ts';

/** What the CLI's file readers (resources import, bills push) share. */

/** `file_malformed`, naming the file and line. */
export function malformed(path: string, line: number, message: string): ValidationError {
  return new ValidationError('file_malformed', `${path}, line ${line}: ${message}`, { file: path, line });
}

/** `file_not_found` or `file_unreadable` for an error reading `path`. */
export function unreadable(path: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new NotFoundError('file_not_found', `There is no file ${path}.`, { file: path });
  const why = code === 'EISDIR' ? 'it is a directory' : err instanceof Error ? err.message : String(err);
  return new ValidationError('file_unreadable', `Cannot read ${path}: ${why}.`, { file: path });
}

/**
 * The records of a CSV file, streamed in 64 KiB chunks (memory holds a chunk, not the file).
 * @throws ValidationError `file_malformed` (with the line) on a CSV syntax error; `file_unreadable` / NotFoundError `file_not_found`
 */
export async function* csvFileRecords(path: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) yield* parser.push(chunk as string);
    yield* parser.end();
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof CsvSyntaxError) throw malformed(path, err.line, err.message);
    throw unreadable(path, err);
  }
}
