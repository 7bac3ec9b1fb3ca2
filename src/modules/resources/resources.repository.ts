import type { Kysely } from 'kysely';
import { type BulkColumn, type BulkInsert, readJson } from '../../db/dialect.ts';
import type { Database, ResourcesTable } from '../../db/schema.ts';

export interface ResourceRow {
  id: string;
  type: string;
  external_id: string;
  tenant_id: string;
  name: string;
  capacity: Record<string, number>;
  attributes: Record<string, unknown>;
  labels: Record<string, string>;
  status: 'active' | 'deleted';
  attached_count: number;
  version: number;
  last_attachment_change_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

type Raw = Omit<ResourcesTable, 'capacity' | 'attributes' | 'labels'> & { capacity: unknown; attributes: unknown; labels: unknown };

export function toResourceRow(r: Raw): ResourceRow {
  return {
    ...r,
    capacity: readJson(r.capacity),
    attributes: readJson(r.attributes),
    labels: readJson(r.labels),
    status: r.status as 'active' | 'deleted',
    attached_count: Number(r.attached_count),
    version: Number(r.version),
  };
}

/** Max parameters per statement chunk (SQLite allows 32766, pg 65535). */
const CHUNK = 5000;

const RESOURCE_COLUMNS: BulkColumn[] = [
  { name: 'id', pg: 'text' },
  { name: 'type', pg: 'text' },
  { name: 'external_id', pg: 'text' },
  { name: 'tenant_id', pg: 'text' },
  { name: 'name', pg: 'text' },
  { name: 'capacity', pg: 'jsonb' },
  { name: 'attributes', pg: 'jsonb' },
  { name: 'labels', pg: 'jsonb' },
  { name: 'status', pg: 'text' },
  { name: 'attached_count', pg: 'integer' },
  { name: 'version', pg: 'integer' },
  { name: 'last_attachment_change_at', pg: 'text' },
  { name: 'created_at', pg: 'text' },
  { name: 'updated_at', pg: 'text' },
  { name: 'deleted_at', pg: 'text' },
];

const LABEL_COLUMNS: BulkColumn[] = [
  { name: 'resource_id', pg: 'text' },
  { name: 'key', pg: 'text' },
  { name: 'value', pg: 'text' },
];

/** Resources and their labels. Rows in, rows out; JSON parsed here. Inserts go through the bulk path. */
export class ResourcesRepository {
  constructor(private readonly bulkInsert: BulkInsert) {}

  async find(db: Kysely<Database>, type: string, externalId: string): Promise<ResourceRow | undefined> {
    const r = await db
      .selectFrom('resources')
      .selectAll()
      .where('type', '=', type)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return r && toResourceRow(r);
  }

  async findById(db: Kysely<Database>, id: string): Promise<ResourceRow | undefined> {
    const r = await db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toResourceRow(r);
  }

  async findByIds(db: Kysely<Database>, ids: string[]): Promise<ResourceRow[]> {
    const out: ResourceRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db
        .selectFrom('resources')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute();
      out.push(...rows.map(toResourceRow));
    }
    return out;
  }

  /** Rows of one type by external id (any status), keyed by external id. */
  async findMany(db: Kysely<Database>, type: string, externalIds: string[]): Promise<Map<string, ResourceRow>> {
    const out = new Map<string, ResourceRow>();
    for (let i = 0; i < externalIds.length; i += CHUNK) {
      const rows = await db
        .selectFrom('resources')
        .selectAll()
        .where('type', '=', type)
        .where('external_id', 'in', externalIds.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.set(r.external_id, toResourceRow(r));
    }
    return out;
  }

  /** Ids of a tenant's active resources of a type whose external id is not in `keep` (full sync). */
  async activeNotIn(db: Kysely<Database>, tenantId: string, type: string, keep: Set<string>): Promise<string[]> {
    const rows = await db
      .selectFrom('resources')
      .select(['id', 'external_id'])
      .where('tenant_id', '=', tenantId)
      .where('type', '=', type)
      .where('status', '=', 'active')
      .execute();
    return rows.filter((r) => !keep.has(r.external_id)).map((r) => r.id);
  }

  async insertMany(db: Kysely<Database>, rows: ResourceRow[]): Promise<void> {
    await this.bulkInsert(
      db,
      'resources',
      RESOURCE_COLUMNS,
      rows.map((r) => [
        r.id,
        r.type,
        r.external_id,
        r.tenant_id,
        r.name,
        JSON.stringify(r.capacity),
        JSON.stringify(r.attributes),
        JSON.stringify(r.labels),
        r.status,
        r.attached_count,
        r.version,
        r.last_attachment_change_at,
        r.created_at,
        r.updated_at,
        r.deleted_at,
      ]),
    );
  }

  /**
   * Writes a resource row. With `expectedVersion`, only if the stored version is still that one
   * (optimistic lock for batches; on PostgreSQL the row lock also holds off concurrent writers until
   * commit). Returns whether the row was written.
   */
  async update(db: Kysely<Database>, r: ResourceRow, expectedVersion?: number): Promise<boolean> {
    let q = db
      .updateTable('resources')
      .set({
        name: r.name,
        capacity: JSON.stringify(r.capacity),
        attributes: JSON.stringify(r.attributes),
        labels: JSON.stringify(r.labels),
        status: r.status,
        attached_count: r.attached_count,
        version: r.version,
        last_attachment_change_at: r.last_attachment_change_at,
        updated_at: r.updated_at,
        deleted_at: r.deleted_at,
      })
      .where('id', '=', r.id);
    if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Replaces the label index rows of these resources. */
  async setLabels(db: Kysely<Database>, rows: Array<Pick<ResourceRow, 'id' | 'labels'>>): Promise<void> {
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += CHUNK) {
      await db
        .deleteFrom('resource_labels')
        .where('resource_id', 'in', ids.slice(i, i + CHUNK))
        .execute();
    }
    const labels = rows.flatMap((r) => Object.entries(r.labels).map(([key, value]) => [r.id, key, value]));
    await this.bulkInsert(db, 'resource_labels', LABEL_COLUMNS, labels);
  }
}
