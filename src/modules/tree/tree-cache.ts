/** How many app views to keep; an entry is ~1–2 kB. */
const MAX_APPS = 20_000;

/**
 * Read-through cache for the two hottest reads: one app by appid, and the whole tree.
 * Writes in this process clear what they touch synchronously (the services call it after commit);
 * writes by other processes (replicas on one PostgreSQL, a CLI on the same SQLite file) are seen
 * through the outbox by `ChangeFeed`, which clears the cache within its poll interval.
 * Measured: see bench/README.md (app read with and without it).
 */
export class TreeCache {
  private readonly apps = new Map<string, string>();
  private tree = new Map<string, unknown>();
  private generation = 0;

  /** The app's answer as JSON text, keyed by the appid asked for (an old appid has its own entry). */
  getApp(key: string): string | undefined {
    return this.apps.get(key);
  }

  /** Stores a view read at `generation`; dropped if a write happened since the read began. */
  putApp(key: string, json: string, generation: number): void {
    if (generation !== this.generation) return;
    if (this.apps.size >= MAX_APPS) {
      const oldest = this.apps.keys().next().value;
      if (oldest !== undefined) this.apps.delete(oldest);
    }
    this.apps.set(key, json);
  }

  getTree<T>(variant: string): T | undefined {
    return this.tree.get(variant) as T | undefined;
  }

  putTree(variant: string, value: unknown, generation: number): void {
    if (generation === this.generation) this.tree.set(variant, value);
  }

  /** Call before a read that will be cached; pass the value to `put*`. */
  currentGeneration(): number {
    return this.generation;
  }

  invalidateAll(): void {
    this.generation++;
    this.apps.clear();
    this.tree = new Map();
  }
}
