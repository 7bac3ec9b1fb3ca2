import type { UpsertResult } from '../modules/resources/resources.types.ts';

/** How many rejections the summary lists (all are counted). */
export const SHOWN_REJECTIONS = 20;

/** A rejected item, named by the line of the file it came from. */
export interface RejectionLine {
  line: number;
  key: string;
  code: string;
  message: string;
}

const COUNTS = ['created', 'updated', 'unchanged', 'deleted', 'attached', 'detached'] as const;

/** The outcome of an import: the server's counts summed over all calls. `--json` prints exactly this. */
export interface ImportSummary {
  file: string;
  mode: 'merge' | 'full';
  items: number;
  calls: number;
  seconds: number;
  itemsPerSecond: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  attached: number;
  detached: number;
  /** how many items the server rejected */
  rejected: number;
  /** the first SHOWN_REJECTIONS of them */
  rejections: RejectionLine[];
  /** one per call: the audit entries of the import */
  importIds: string[];
}

/** Sums call results; `lines[i]` is the file line of item i of the call. */
export class SummaryBuilder {
  private readonly s: ImportSummary;

  constructor(file: string, mode: 'merge' | 'full') {
    const zero = { created: 0, updated: 0, unchanged: 0, deleted: 0, attached: 0, detached: 0 };
    this.s = { file, mode, items: 0, calls: 0, seconds: 0, itemsPerSecond: 0, ...zero, rejected: 0, rejections: [], importIds: [] };
  }

  add(result: UpsertResult, lines: readonly number[]): void {
    this.s.calls++;
    this.s.items += lines.length;
    for (const k of COUNTS) this.s[k] += result[k];
    this.s.rejected += result.rejected.length;
    this.s.importIds.push(result.importId);
    for (const r of result.rejected) {
      if (this.s.rejections.length >= SHOWN_REJECTIONS) break;
      this.s.rejections.push({ line: lines[r.index] ?? 0, key: r.key, code: r.code, message: r.message });
    }
  }

  build(seconds: number): ImportSummary {
    const rate = seconds > 0 ? Math.round(this.s.items / seconds) : this.s.items;
    return { ...this.s, seconds: Math.round(seconds * 1000) / 1000, itemsPerSecond: rate };
  }
}

const fmt = new Intl.NumberFormat('en-US');

/** The human summary printed on stdout. */
export function formatSummary(s: ImportSummary): string {
  const out = [
    `Imported ${s.file}: ${fmt.format(s.items)} items in ${s.calls} call${s.calls === 1 ? '' : 's'}` +
      ` (${s.seconds.toFixed(1)} s, ${fmt.format(s.itemsPerSecond)} items/s${s.mode === 'full' ? ', full sync' : ''})`,
  ];
  const width = Math.max(...[...COUNTS, 'rejected' as const].map((k) => fmt.format(s[k]).length));
  for (const k of [...COUNTS, 'rejected' as const]) out.push(`  ${k.padEnd(10)} ${fmt.format(s[k]).padStart(width)}`);
  if (s.rejections.length > 0) {
    const more = s.rejected > s.rejections.length ? ` (of ${fmt.format(s.rejected)})` : '';
    out.push(`Rejected items, first ${s.rejections.length}${more}:`);
    for (const r of s.rejections) out.push(`  line ${r.line}: ${r.key}: ${r.code}: ${r.message}`);
  }
  return `${out.join('\n')}\n`;
}
