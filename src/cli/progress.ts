/** The bits of a stream the progress display needs (process.stderr, or a fake in tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** How and where a Progress draws. */
export interface ProgressOptions {
  stream: ProgressStream;
  /** milliseconds, for tests */
  now?: () => number;
  /** non-TTY: at most one line per this many ms (default 5 s) */
  intervalMs?: number;
  /** false: show nothing */
  enabled?: boolean;
}

const fmt = new Intl.NumberFormat('en-US');
const count = (n: number) => fmt.format(Math.round(n));

/** `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Progress of a long run on stderr. On a terminal, one line redrawn in place (`\r`, at most 10
 * times a second): a bar, done/total, rate and ETA. Elsewhere (a log file, CI), one plain line at
 * most every `intervalMs`, so logs are not flooded. Output never goes to stdout.
 */
export class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private drawnDone = -1;
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly opts: ProgressOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    if (!opts.stream.isTTY) this.lastDraw = this.started; // the first plain line comes after one interval
  }

  private get tty(): boolean {
    return this.opts.stream.isTTY === true;
  }

  /** The status text without bar: `5,000/12,000 items (42%) · 3,210/s · ETA 0:02`. */
  status(): string {
    const secs = (this.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const parts = [this.total === undefined ? `${count(this.done)} items` : `${count(this.done)}/${count(this.total)} items`];
    if (this.total) parts[0] += ` (${Math.floor((100 * this.done) / this.total)}%)`;
    if (rate > 0) parts.push(`${count(rate)}/s`);
    if (this.total !== undefined && rate > 0 && this.done < this.total)
      parts.push(`ETA ${formatDuration((this.total - this.done) / rate)}`);
    if (this.total !== undefined && this.done >= this.total) parts.push(`${formatDuration(secs)} elapsed`);
    return parts.join(' · ');
  }

  /** `[####....] `, as wide as the terminal leaves room for (at most 24), or nothing. */
  private bar(room: number): string {
    if (!this.total) return '';
    const width = Math.min(24, room - 3);
    if (width < 5) return '';
    const full = Math.min(width, Math.floor((width * this.done) / this.total));
    return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] `;
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.drawn = true;
    this.drawnDone = this.done;
    if (this.tty) {
      const status = this.status();
      const max = (this.opts.stream.columns || 120) - 1; // 0 when the terminal size is unknown
      // Room for the longest status this run can show, so the bar does not change width as it goes.
      const widest = `${count(this.total ?? 0)}/${count(this.total ?? 0)} items (100%) · 999,999/s · ETA 00:00:00`;
      const line = `${this.label} ${this.bar(max - this.label.length - 1 - widest.length)}${status}`;
      this.opts.stream.write(`\r${line.length > max ? line.slice(0, max) : line}\x1b[K`);
    } else {
      this.opts.stream.write(`${this.label}: ${this.status()}\n`);
    }
  }

  /** Records that `done` items are finished; redraws if it is time to. */
  update(done: number): void {
    this.done = done;
    if (this.opts.enabled === false) return;
    const gap = this.tty ? 100 : (this.opts.intervalMs ?? 5_000);
    if (this.now() - this.lastDraw >= gap) this.draw();
  }

  /** Final state: the terminal line is completed; a plain log gets a last line only if it got any and it would differ. */
  finish(): void {
    if (this.opts.enabled === false) return;
    if (this.tty) {
      this.draw();
      this.opts.stream.write('\n');
    } else if (this.drawn && this.drawnDone !== this.done) {
      this.draw();
    }
  }
}
