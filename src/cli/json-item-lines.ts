const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const WHITESPACE = new Set([9, 10, 13, 32]);

/**
 * The 1-based line on which each element of the items array starts, so problems can name a line of
 * the file: the top-level array, or the `items` array of a top-level object. The text must already
 * be valid JSON (checked by JSON.parse); this only tracks strings, nesting and line breaks. When a
 * top-level object repeats `items`, the last one counts, as in JSON.parse.
 */
export function jsonItemLines(text: string): number[] {
  let lines: number[] = [];
  const stack: number[] = []; // char codes of the open containers
  let targetDepth = -1;
  let awaiting = false; // inside the target array, before the next element
  let lastString = '';
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      line++;
      continue;
    }
    if (WHITESPACE.has(c)) continue;
    if (awaiting && stack.length === targetDepth && c !== 93 /* ] */) {
      lines.push(line);
      awaiting = false;
    }
    if (c === QUOTE) {
      let j = i + 1;
      while (text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      if (stack.length === 1 && stack[0] === 123) lastString = text.slice(i + 1, j);
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const isTarget = c === 91 && (stack.length === 0 || (stack.length === 1 && stack[0] === 123 && lastString === 'items'));
      stack.push(c);
      if (isTarget) {
        targetDepth = stack.length;
        lines = [];
        awaiting = true;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (stack.length === targetDepth) {
        awaiting = false;
        targetDepth = -1;
      }
      stack.pop();
    } else if (c === 44 /* , */ && stack.length === targetDepth) {
      awaiting = true;
    }
  }
  return lines;
}

/** The 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === LF) line++;
  return line;
}
