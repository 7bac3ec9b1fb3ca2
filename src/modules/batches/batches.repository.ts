import type { Kysely } from 'kysely';
import { readJson } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import type { BatchAction, BatchChange, BatchFilter, BatchSummary, UndoEntry } from './batches.types.ts';

/** The request as stored: what was asked, so a batch can be read back and understood. */
export interface StoredRequest {
  scope: string;
  filter: BatchFilter;
  action: BatchAction | 'revert';
  params: Record<string, unknown>;
}

export interface BatchRow {
  id: string;
  actor: string;
  tenant_id: string | null;
  tenant_name: string | null;
  action: BatchAction | 'revert';
  request: StoredRequest;
  status: 'applied' | 'reverted';
  created_at: string;
  reverted_at: string | null;
  reverted_by: string | null;
  reverts: string | null;
  /** the revert batch that undid this one */
  reverted_in: string | null;
  summary: BatchSummary | null;
}

/** A row with the heavy columns: every change, and what a revert restores. */
export interface BatchDetailRow extends BatchRow {
  changes: BatchChange[];
  undo: UndoEntry[] | null;
}

export interface NewBatch {
  id: string;
  actor: string;
  tenant_id: string | null;
  request: StoredRequest;
  changes: BatchChange[];
  summary: BatchSummary;
  undo: UndoEntry[] | null;
  reverts: string | null;
  created_at: string;
}

/** Batches and their revert links. JSON parsed here. */
export class BatchesRepository {
  private base(db: Kysely<Database>) {
    return db
      .selectFrom('batches')
      .leftJoin('tenants', 'tenants.id', 'batches.tenant_id')
      .leftJoin('batches as rv', 'rv.reverts', 'batches.id')
      .select([
        'batches.id',
        'batches.actor',
        'batches.tenant_id',
        'tenants.name as tenant_name',
        'batches.action',
        'batches.request',
        'batches.status',
        'batches.created_at',
        'batches.reverted_at',
        'batches.reverted_by',
        'batches.reverts',
        'rv.id as reverted_in',
        'batches.summary',
      ]);
  }

  private map(r: {
    id: string;
    actor: string;
    tenant_id: string | null;
    tenant_name: string | null;
    action: string;
    request: unknown;
    status: string;
    created_at: string;
    reverted_at: string | null;
    reverted_by: string | null;
    reverts: string | null;
    reverted_in: string | null;
    summary: unknown;
  }): BatchRow {
    return {
      ...r,
      action: r.action as BatchRow['action'],
      status: r.status as BatchRow['status'],
      request: readJson<StoredRequest>(r.request),
      summary: r.summary === null ? null : readJson<BatchSummary>(r.summary),
    };
  }

  async find(db: Kysely<Database>, id: string): Promise<BatchDetailRow | undefined> {
    const r = await this.base(db).select(['batches.changes', 'batches.undo']).where('batches.id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      ...this.map(r),
      changes: readJson<BatchChange[]>(r.changes),
      undo: r.undo === null ? null : readJson<UndoEntry[]>(r.undo),
    };
  }

  /** Newest first, keyset on id (time-ordered); `limit + 1` rows so the caller can tell a next page exists. */
  async list(db: Kysely<Database>, f: { tenantId?: string; beforeId?: string; limit: number }): Promise<BatchRow[]> {
    let q = this.base(db);
    if (f.tenantId !== undefined) q = q.where('batches.tenant_id', '=', f.tenantId);
    if (f.beforeId !== undefined) q = q.where('batches.id', '<', f.beforeId);
    const rows = await q
      .orderBy('batches.id', 'desc')
      .limit(f.limit + 1)
      .execute();
    return rows.map((r) => this.map(r));
  }

  async insert(db: Kysely<Database>, b: NewBatch): Promise<void> {
    await db
      .insertInto('batches')
      .values({
        id: b.id,
        actor: b.actor,
        tenant_id: b.tenant_id,
        action: b.request.action,
        request: JSON.stringify(b.request),
        changes: JSON.stringify(b.changes),
        summary: JSON.stringify(b.summary),
        undo: b.undo === null ? null : JSON.stringify(b.undo),
        status: 'applied',
        created_at: b.created_at,
        reverted_at: null,
        reverted_by: null,
        reverts: b.reverts,
      })
      .execute();
  }

  /** Marks an applied batch reverted. False when it was not (any longer) applied: someone reverted it first. */
  async markReverted(db: Kysely<Database>, id: string, at: string, by: string): Promise<boolean> {
    const r = await db
      .updateTable('batches')
      .set({ status: 'reverted', reverted_at: at, reverted_by: by })
      .where('id', '=', id)
      .where('status', '=', 'applied')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async findTenantId(db: Kysely<Database>, name: string): Promise<string | undefined> {
    return (await db.selectFrom('tenants').select('id').where('name', '=', name).executeTakeFirst())?.id;
  }
}
