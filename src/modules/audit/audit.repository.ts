import type { Kysely } from 'kysely';
import { readJson } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { actorOf, type RequestContext } from '../auth/principal.ts';

export interface ChangeRecord {
  /** verb, past tense: created, updated, deleted, moved, revoked… */
  action: string;
  entityType: string;
  entityId: string;
  /** the human key at the time: an appid, a user name… */
  entityKey: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  entityKey: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  batchId: string | null;
}

/**
 * Writes the audit row and the outbox event (`<entityType>.<action>`) for one change.
 * Must run inside the transaction that makes the change, so neither exists without the other.
 */
export class ChangeRecorder {
  private readonly touched = new WeakMap<Kysely<Database>, Set<string>>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** The entity types recorded in this transaction (read after commit, see `transactor`). */
  changedTypes(tx: Kysely<Database>): ReadonlySet<string> {
    return this.touched.get(tx) ?? new Set();
  }

  /**
   * Writes an outbox event without its own audit row, for bulk calls whose single audit row
   * already describes the change (one `resource.registered` event listing 10,000 keys, say).
   */
  async emit(tx: Kysely<Database>, event: { type: string; entityType: string; entityId: string; payload: unknown }): Promise<void> {
    const at = this.clock.now().toISOString();
    await tx
      .insertInto('outbox_events')
      .values({
        id: this.ids.next(),
        type: event.type,
        entity_type: event.entityType,
        entity_id: event.entityId,
        payload: JSON.stringify({ at, ...(event.payload as object) }),
        created_at: at,
      })
      .execute();
  }

  /**
   * Writes audit rows without their own events, for bulk operations that publish one event for the
   * whole call (a batch operation: one audit row per resource, one `batch.applied` event). Same rows
   * as `record` writes, in multi-row inserts: 10,000 rows took 0.75 s on PostgreSQL where 10,000
   * `record` calls (row and event each) took 7–8 s in the same run.
   */
  async auditMany(tx: Kysely<Database>, ctx: RequestContext, changes: ChangeRecord[]): Promise<void> {
    if (changes.length === 0) return;
    const types = this.touched.get(tx) ?? new Set<string>();
    for (const c of changes) types.add(c.entityType);
    this.touched.set(tx, types);
    const at = this.clock.now().toISOString();
    const actor = actorOf(ctx.principal);
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    const rows = changes.map((c) => ({
      id: this.ids.next(),
      at,
      actor,
      action: c.action,
      entity_type: c.entityType,
      entity_id: c.entityId,
      entity_key: c.entityKey,
      before: json(c.before),
      after: json(c.after),
      request_id: ctx.requestId,
      batch_id: ctx.batchId ?? null,
    }));
    // 11 parameters a row: 500 rows stay far below either database's parameter limit.
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  async record(tx: Kysely<Database>, ctx: RequestContext, change: ChangeRecord): Promise<void> {
    const types = this.touched.get(tx) ?? new Set<string>();
    types.add(change.entityType);
    this.touched.set(tx, types);
    const at = this.clock.now().toISOString();
    const actor = actorOf(ctx.principal);
    const auditId = this.ids.next();
    await tx
      .insertInto('audit_log')
      .values({
        id: auditId,
        at,
        actor,
        action: change.action,
        entity_type: change.entityType,
        entity_id: change.entityId,
        entity_key: change.entityKey,
        before: change.before === undefined || change.before === null ? null : JSON.stringify(change.before),
        after: change.after === undefined || change.after === null ? null : JSON.stringify(change.after),
        request_id: ctx.requestId,
        batch_id: ctx.batchId ?? null,
      })
      .execute();
    await tx
      .insertInto('outbox_events')
      .values({
        id: this.ids.next(),
        type: `${change.entityType}.${change.action}`,
        entity_type: change.entityType,
        entity_id: change.entityId,
        payload: JSON.stringify({
          auditId,
          at,
          actor,
          entityKey: change.entityKey,
          before: change.before ?? null,
          after: change.after ?? null,
        }),
        created_at: at,
      })
      .execute();
  }
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  since?: string;
  /** id of the last row of the previous page (rows come newest first) */
  before?: string;
  limit: number;
}

/** Audit rows newest first, keyset-paginated on id (ids are time-ordered ULIDs). */
export async function listAudit(db: Kysely<Database>, f: AuditFilter): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.since) q = q.where('at', '>=', f.since);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityKey: r.entity_key,
    before: r.before === null ? null : readJson(r.before),
    after: r.after === null ? null : readJson(r.after),
    requestId: r.request_id,
    batchId: r.batch_id,
  }));
}
