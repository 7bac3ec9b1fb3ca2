import type { Kysely } from 'kysely';
import type { BulkAdd, BulkInsert, BulkInsertNew, DialectName } from '../db/dialect.ts';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import type { IdGenerator } from '../shared/ids.ts';
import type { ChangeRecorder } from './audit/audit.repository.ts';

/** What every service is built from. Clock and ids are injected so tests are deterministic. */
export interface ServiceDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  ids: IdGenerator;
  changes: ChangeRecorder;
  /** many-row inserts on hot paths (see `bulkInserter`) */
  bulkInsert: BulkInsert;
  /** adding amounts into roll-up tables on hot paths (see `bulkAdder`) */
  bulkAdd: BulkAdd;
  /** inserting rows that may already exist, learning which were new (see `bulkNewInserter`) */
  bulkInsertNew: BulkInsertNew;
  /**
   * Runs `fn` in one transaction; after it commits, tells the after-commit listeners which entity
   * types it changed (caches drop what went stale). Inside `fn` use only `tx`: on SQLite the
   * transaction holds the one connection, so a query on `db` would wait forever.
   */
  transaction<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T>;
}

export type CommitListener = (changedTypes: ReadonlySet<string>) => void;

/** Builds `ServiceDeps.transaction` and the registry of after-commit listeners. */
export function transactor(db: Kysely<Database>, changes: ChangeRecorder) {
  const listeners: CommitListener[] = [];
  return {
    async transaction<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
      let txn: Kysely<Database> | undefined;
      const result = await db.transaction().execute((tx) => {
        txn = tx;
        return fn(tx);
      });
      const changed = txn ? changes.changedTypes(txn) : new Set<string>();
      if (changed.size > 0) for (const l of listeners) l(changed);
      return result;
    },
    afterCommit(listener: CommitListener): void {
      listeners.push(listener);
    },
  };
}
