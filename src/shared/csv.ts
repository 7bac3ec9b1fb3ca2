/**
 * A small RFC 4180 CSV reader and writer. Fields are separated by `,`, records by CRLF or LF (a lone
 * CR also ends a record); a field in double quotes may hold `,`, `"` (written `""`) and line breaks.
 * A quote inside an unquoted field, or anything but a separator after a closing quote, is an error
 * rather than a guess. Completely empty lines are skipped.
 */

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** A CSV syntax error; `line` is the 1-based physical line where it was found. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** One record and the physical line it starts on (1-based; quoted line breaks count). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Line breaks in text[from, to): LF, CRLF and a lone CR each count once. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}

interface Parsed {
  /** empty for a blank line */
  fields: string[];
  next: number;
  lines: number;
}

/**
 * Parses the record starting at `start`. Returns undefined when the text ends before the record is
 * known to be complete and more may follow (`final` false).
 */
function parseRecord(text: string, start: number, line: number, final: boolean): Parsed | undefined {
  const len = text.length;
  const first = text.charCodeAt(start);
  if (first === LF) return { fields: [], next: start + 1, lines: 1 };
  if (first === CR) {
    if (start + 1 >= len && !final) return undefined;
    return { fields: [], next: text.charCodeAt(start + 1) === LF ? start + 2 : start + 1, lines: 1 };
  }
  const fields: string[] = [];
  let lines = 0;
  let i = start;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          if (!final) return undefined;
          throw new CsvSyntaxError(line + lines, 'a quoted field is not closed before the end of the file');
        }
        value += text.slice(i, q);
        lines += lineBreaks(text, i, q);
        if (q + 1 >= len && !final) return undefined; // `""` may be split across chunks
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      let j = i;
      while (j < len) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === CR || c === LF) break;
        if (c === QUOTE) throw new CsvSyntaxError(line + lines, 'a field that contains " must be quoted (write "" for each ")');
        j++;
      }
      fields.push(text.slice(i, j));
      i = j;
    }
    if (i >= len) return final ? { fields, next: i, lines } : undefined;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === LF) return { fields, next: i + 1, lines: lines + 1 };
    if (c === CR) {
      if (i + 1 >= len && !final) return undefined;
      return { fields, next: text.charCodeAt(i + 1) === LF ? i + 2 : i + 1, lines: lines + 1 };
    }
    throw new CsvSyntaxError(line + lines, 'a closing quote must be followed by a comma or the end of the line');
  }
}

/**
 * Incremental parser: feed text in chunks of any size with `push`, then call `end`. Memory holds only
 * the unfinished record, so a file of a million rows streams through.
 */
export class CsvParser {
  private buffer = '';
  private line = 1;
  private started = false;

  /** Adds text; returns the records it completed. @throws CsvSyntaxError */
  push(chunk: string): CsvRecord[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // a byte-order mark is not data
    }
    this.buffer += chunk;
    return this.drain(false);
  }

  /** Signals the end of input; returns the last record(s). @throws CsvSyntaxError */
  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const text = this.buffer;
    let pos = 0;
    while (pos < text.length) {
      const r = parseRecord(text, pos, this.line, final);
      if (!r) break;
      if (r.fields.length > 0) out.push({ fields: r.fields, line: this.line });
      this.line += r.lines;
      pos = r.next;
    }
    this.buffer = text.slice(pos);
    return out;
  }
}

/** Parses a whole CSV text. @throws CsvSyntaxError */
export function parseCsv(text: string): CsvRecord[] {
  const p = new CsvParser();
  return [...p.push(text), ...p.end()];
}

/** One field, quoted when it has to be. */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record without its line break. A lone empty field is written `""` so it does not read back as a blank line. */
export function formatCsvRow(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === '') return '""';
  return fields.map(formatCsvField).join(',');
}
