import { type Kysely, sql } from 'kysely';
import {
  type BulkAdd,
  type BulkColumn,
  type BulkInsert,
  type BulkInsertNew,
  type DialectName,
  readJson,
  textRows,
} from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { microsFrom } from '../../shared/money.ts';
import type { HolderInterval } from './attribution.ts';

/** What an already accepted line looked like, to tell a re-sent line from a reused BillId. */
export interface AcceptedLine {
  /** the call that booked it */
  ingestId: string;
  resourceKey: string;
  start: string;
  end: string;
  currency: string;
  billed: bigint;
}

export interface BillLineRow {
  id: string;
  tenantId: string;
  billId: string;
  resourceId: string;
  resourceType: string;
  resourceKey: string;
  periodStart: string;
  periodEnd: string;
  bookedDay: string;
  currency: string;
  billed: bigint;
  effective: bigint | null;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  skuId: string | null;
  chargeCategory: string | null;
  chargeClass: string | null;
  chargeDescription: string | null;
  extra: Record<string, string> | null;
  ingestId: string;
  createdAt: string;
}

export interface AllocationRow {
  lineId: string;
  appId: string;
  env: string;
  amount: bigint;
}

/** One roll-up cell: a period (day or month) × app × env × type × tenant × currency. */
export interface RollupCell {
  period: string;
  appId: string;
  env: string;
  type: string;
  tenantId: string;
  currency: string;
  amount: bigint;
}

export interface RejectionRow {
  id: string;
  tenantId: string;
  ingestId: string;
  line: number;
  billId: string | null;
  code: string;
  message: string;
  createdAt: string;
}

/** Resource ids remembered by `resourceIds` (≈100 bytes each). */
const KNOWN_RESOURCES = 500_000;

const LINE_COLUMNS: BulkColumn[] = [
  { name: 'id', pg: 'text' },
  { name: 'tenant_id', pg: 'text' },
  { name: 'bill_id', pg: 'text' },
  { name: 'resource_id', pg: 'text' },
  { name: 'resource_type', pg: 'text' },
  { name: 'resource_key', pg: 'text' },
  { name: 'period_start', pg: 'text' },
  { name: 'period_end', pg: 'text' },
  { name: 'booked_day', pg: 'text' },
  { name: 'currency', pg: 'text' },
  { name: 'billed_micros', pg: 'int8' },
  { name: 'effective_micros', pg: 'int8' },
  { name: 'consumed_quantity', pg: 'text' },
  { name: 'consumed_unit', pg: 'text' },
  { name: 'sku_id', pg: 'text' },
  { name: 'charge_category', pg: 'text' },
  { name: 'charge_class', pg: 'text' },
  { name: 'charge_description', pg: 'text' },
  { name: 'extra', pg: 'jsonb' },
  { name: 'ingest_id', pg: 'text' },
  { name: 'created_at', pg: 'text' },
];
const ALLOCATION_COLUMNS: BulkColumn[] = [
  { name: 'line_id', pg: 'text' },
  { name: 'app_id', pg: 'text' },
  { name: 'env', pg: 'text' },
  { name: 'amount_micros', pg: 'int8' },
];
const ROLLUP_KEYS = (period: 'day' | 'month'): BulkColumn[] => [
  { name: period, pg: 'text' },
  { name: 'app_id', pg: 'text' },
  { name: 'env', pg: 'text' },
  { name: 'type', pg: 'text' },
  { name: 'tenant_id', pg: 'text' },
  { name: 'currency', pg: 'text' },
];
const ROLLUP_AMOUNT: BulkColumn[] = [{ name: 'amount_micros', pg: 'int8' }];
const REJECTION_COLUMNS: BulkColumn[] = [
  { name: 'id', pg: 'text' },
  { name: 'tenant_id', pg: 'text' },
  { name: 'ingest_id', pg: 'text' },
  { name: 'line', pg: 'integer' },
  { name: 'bill_id', pg: 'text' },
  { name: 'code', pg: 'text' },
  { name: 'message', pg: 'text' },
  { name: 'created_at', pg: 'text' },
];

/**
 * Bill lines, their allocations and the cost roll-ups.
 *
 * The key lookups are written `keys CROSS JOIN table WHERE …`: SQLite keeps a CROSS JOIN's order,
 * and without statistics it otherwise scanned bill_lines in the outer loop and re-read the call's
 * key list per stored line — quadratic (2,000 BillIds × 50,000 stored lines: 48.8 s; with the key
 * list outside: 1.0 ms). PostgreSQL plans it as the same join either way. The write path is the ingestion hot path:
 * every lookup is one statement for the whole call (a derived table of keys, `textRows`), and
 * every write is a bulk insert or bulk add (prepared statement per row on SQLite, unnest on
 * PostgreSQL), never a query built per line.
 */
export class BillsRepository {
  private readonly knownResources = new Map<string, string>();

  constructor(
    private readonly dialect: DialectName,
    private readonly bulkInsert: BulkInsert,
    private readonly bulkAdd: BulkAdd,
    private readonly bulkInsertNew: BulkInsertNew,
  ) {}

  /**
   * Resource ids by `type/externalId` for the given keys (deleted resources included: bills lag
   * deletion). A key's id never changes (resources are soft-deleted; the key is unique), so found
   * ids are remembered: hourly bills name the same resources call after call. Misses are not
   * remembered (the resource may be registered next).
   */
  async resourceIds(db: Kysely<Database>, keys: Array<[type: string, externalId: string]>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: Array<[string, string]> = [];
    for (const k of keys) {
      const key = `${k[0]}/${k[1]}`;
      const id = this.knownResources.get(key);
      if (id === undefined) missing.push(k);
      else out.set(key, id);
    }
    if (missing.length === 0) return out;
    const rows = await sql<{ id: string; type: string; external_id: string }>`
      select r.id, r.type, r.external_id from ${textRows(this.dialect, 2, missing)} as k
      cross join resources r where r.type = k.c0 and r.external_id = k.c1`.execute(db);
    if (this.knownResources.size + rows.rows.length > KNOWN_RESOURCES) this.knownResources.clear();
    for (const r of rows.rows) {
      const key = `${r.type}/${r.external_id}`;
      out.set(key, r.id);
      this.knownResources.set(key, r.id);
    }
    return out;
  }

  /** Lines this tenant already has under these BillIds. */
  async acceptedLines(db: Kysely<Database>, tenantId: string, billIds: string[]): Promise<Map<string, AcceptedLine>> {
    const out = new Map<string, AcceptedLine>();
    if (billIds.length === 0) return out;
    const rows = await sql<{
      bill_id: string;
      ingest_id: string;
      resource_key: string;
      period_start: string;
      period_end: string;
      currency: string;
      billed: string;
    }>`
      select b.bill_id, b.ingest_id, b.resource_key, b.period_start, b.period_end, b.currency, cast(b.billed_micros as text) as billed
      from ${textRows(
        this.dialect,
        1,
        billIds.map((id) => [id]),
      )} as k
      cross join bill_lines b where b.tenant_id = ${tenantId} and b.bill_id = k.c0`.execute(db);
    for (const r of rows.rows) {
      out.set(r.bill_id, {
        ingestId: r.ingest_id,
        resourceKey: r.resource_key,
        start: r.period_start,
        end: r.period_end,
        currency: r.currency,
        billed: microsFrom(r.billed),
      });
    }
    return out;
  }

  /** Attachment intervals of these resources that overlap [from, to), by resource id. */
  async holders(db: Kysely<Database>, resourceIds: string[], from: string, to: string): Promise<Map<string, HolderInterval[]>> {
    const out = new Map<string, HolderInterval[]>();
    if (resourceIds.length === 0) return out;
    const rows = await sql<{
      resource_id: string;
      app_id: string;
      env: string;
      weight: number;
      attached_at: string;
      detached_at: string | null;
    }>`
      select a.resource_id, a.app_id, a.env, a.weight, a.attached_at, a.detached_at
      from ${textRows(
        this.dialect,
        1,
        resourceIds.map((id) => [id]),
      )} as k
      cross join attachments a where a.resource_id = k.c0
      and a.attached_at < ${to} and (a.detached_at is null or a.detached_at > ${from})`.execute(db);
    // Attachments made by one bulk call share their timestamps: parse each text once.
    const parsed = new Map<string, number>();
    const ms = (iso: string) => {
      let v = parsed.get(iso);
      if (v === undefined) {
        v = Date.parse(iso);
        parsed.set(iso, v);
      }
      return v;
    };
    for (const r of rows.rows) {
      const list = out.get(r.resource_id) ?? [];
      list.push({
        appId: r.app_id,
        env: r.env,
        weight: Number(r.weight),
        from: ms(r.attached_at),
        to: r.detached_at === null ? null : ms(r.detached_at),
      });
      out.set(r.resource_id, list);
    }
    return out;
  }

  async closedMonths(db: Kysely<Database>): Promise<Set<string>> {
    const rows = await db.selectFrom('statement_months').select('month').execute();
    return new Set(rows.map((r) => r.month));
  }

  /**
   * Inserts the lines whose BillId this tenant does not have yet and returns, per line, whether it
   * was inserted (false: the BillId was already there — a re-sent line, or a race with another
   * call). The unique key answers it during the insert, with no lookup first. Needs a transaction.
   */
  async insertNewLines(tx: Kysely<Database>, lines: BillLineRow[]): Promise<boolean[]> {
    return this.bulkInsertNew(
      tx,
      'bill_lines',
      LINE_COLUMNS,
      lines.map((l) => [
        l.id,
        l.tenantId,
        l.billId,
        l.resourceId,
        l.resourceType,
        l.resourceKey,
        l.periodStart,
        l.periodEnd,
        l.bookedDay,
        l.currency,
        l.billed,
        l.effective,
        l.consumedQuantity,
        l.consumedUnit,
        l.skuId,
        l.chargeCategory,
        l.chargeClass,
        l.chargeDescription,
        l.extra === null ? null : JSON.stringify(l.extra),
        l.ingestId,
        l.createdAt,
      ]),
      'bill_id',
    );
  }

  /** Writes the inserted lines' allocations and adds them into both roll-ups. Needs a transaction. */
  async writeCosts(tx: Kysely<Database>, allocations: AllocationRow[], daily: RollupCell[], monthly: RollupCell[]) {
    await this.bulkInsert(
      tx,
      'cost_allocations',
      ALLOCATION_COLUMNS,
      allocations.map((a) => [a.lineId, a.appId, a.env, a.amount]),
    );
    // Cells in key order: concurrent calls then lock the roll-up rows they share in the same order
    // (2 clients pushing at once deadlocked on PostgreSQL when each went in its own order).
    const cells = (c: RollupCell[]) =>
      c
        .map((x) => [x.period, x.appId, x.env, x.type, x.tenantId, x.currency, x.amount])
        .sort((a, b) => {
          for (let i = 0; i < 6; i++) {
            const x = a[i] as string;
            const y = b[i] as string;
            if (x !== y) return x < y ? -1 : 1;
          }
          return 0;
        });
    await this.bulkAdd(tx, 'cost_daily', ROLLUP_KEYS('day'), ROLLUP_AMOUNT, cells(daily));
    await this.bulkAdd(tx, 'cost_monthly', ROLLUP_KEYS('month'), ROLLUP_AMOUNT, cells(monthly));
  }

  async writeRejections(tx: Kysely<Database>, rows: RejectionRow[]): Promise<void> {
    await this.bulkInsert(
      tx,
      'bill_rejections',
      REJECTION_COLUMNS,
      rows.map((r) => [r.id, r.tenantId, r.ingestId, r.line, r.billId, r.code, r.message, r.createdAt]),
    );
  }

  /** Rejected lines newest first, keyset on id. */
  async listRejections(db: Kysely<Database>, f: { tenantId?: string; before?: string; limit: number }): Promise<RejectionRow[]> {
    let q = db.selectFrom('bill_rejections').selectAll();
    if (f.tenantId) q = q.where('tenant_id', '=', f.tenantId);
    if (f.before) q = q.where('id', '<', f.before);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      ingestId: r.ingest_id,
      line: Number(r.line),
      billId: r.bill_id,
      code: r.code,
      message: r.message,
      createdAt: r.created_at,
    }));
  }

  /** Bill lines newest first (keyset on id), with their allocations. */
  async listLines(
    db: Kysely<Database>,
    f: { tenantId?: string; month?: string; resourceKey?: string; before?: string; limit: number },
  ): Promise<Array<BillLineRow & { allocations: AllocationRow[] }>> {
    let q = db
      .selectFrom('bill_lines')
      .selectAll()
      .select([sql<string>`cast(billed_micros as text)`.as('billed'), sql<string | null>`cast(effective_micros as text)`.as('effective')]);
    if (f.tenantId) q = q.where('tenant_id', '=', f.tenantId);
    if (f.month) q = q.where('booked_day', '>=', `${f.month}-01`).where('booked_day', '<', `${f.month}-32`);
    if (f.resourceKey) q = q.where('resource_key', '=', f.resourceKey);
    if (f.before) q = q.where('id', '<', f.before);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
    const allocations = new Map<string, AllocationRow[]>();
    if (rows.length > 0) {
      const parts = await db
        .selectFrom('cost_allocations')
        .select(['line_id', 'app_id', 'env', sql<string>`cast(amount_micros as text)`.as('amount')])
        .where(
          'line_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      for (const p of parts) {
        const list = allocations.get(p.line_id) ?? [];
        list.push({ lineId: p.line_id, appId: p.app_id, env: p.env, amount: microsFrom(p.amount) });
        allocations.set(p.line_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      billId: r.bill_id,
      resourceId: r.resource_id,
      resourceType: r.resource_type,
      resourceKey: r.resource_key,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      bookedDay: r.booked_day,
      currency: r.currency,
      billed: microsFrom(r.billed),
      effective: r.effective === null ? null : microsFrom(r.effective),
      consumedQuantity: r.consumed_quantity,
      consumedUnit: r.consumed_unit,
      skuId: r.sku_id,
      chargeCategory: r.charge_category,
      chargeClass: r.charge_class,
      chargeDescription: r.charge_description,
      extra: r.extra === null ? null : readJson<Record<string, string>>(r.extra),
      ingestId: r.ingest_id,
      createdAt: r.created_at,
      allocations: allocations.get(r.id) ?? [],
    }));
  }
}
