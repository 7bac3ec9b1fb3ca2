import type { Kysely } from 'kysely';
import type { BulkColumn, BulkInsert } from '../../db/dialect.ts';
import type { AttachmentsTable, Database } from '../../db/schema.ts';

export type AttachmentRow = AttachmentsTable;

const CHUNK = 5000;

/**
 * Attachments with validity intervals [attached_at, detached_at). A row is never deleted: detaching
 * closes its interval, so "who held this resource at T" stays answerable for billing.
 */
const COLUMNS: BulkColumn[] = [
  { name: 'id', pg: 'text' },
  { name: 'resource_id', pg: 'text' },
  { name: 'app_id', pg: 'text' },
  { name: 'business_id', pg: 'text' },
  { name: 'domain_id', pg: 'text' },
  { name: 'env', pg: 'text' },
  { name: 'type', pg: 'text' },
  { name: 'tenant_id', pg: 'text' },
  { name: 'weight', pg: 'integer' },
  { name: 'attached_at', pg: 'text' },
  { name: 'detached_at', pg: 'text' },
  { name: 'batch_id', pg: 'text' },
];

export class AttachmentsRepository {
  constructor(private readonly bulkInsert: BulkInsert) {}

  /** Current (open) attachments of these resources. */
  async current(db: Kysely<Database>, resourceIds: string[]): Promise<AttachmentRow[]> {
    const out: AttachmentRow[] = [];
    for (let i = 0; i < resourceIds.length; i += CHUNK) {
      out.push(
        ...(await db
          .selectFrom('attachments')
          .selectAll()
          .where('resource_id', 'in', resourceIds.slice(i, i + CHUNK))
          .where('detached_at', 'is', null)
          .orderBy('attached_at')
          .execute()),
      );
    }
    return out;
  }

  async open(db: Kysely<Database>, rows: AttachmentRow[]): Promise<void> {
    await this.bulkInsert(
      db,
      'attachments',
      COLUMNS,
      rows.map((a) => [
        a.id,
        a.resource_id,
        a.app_id,
        a.business_id,
        a.domain_id,
        a.env,
        a.type,
        a.tenant_id,
        a.weight,
        a.attached_at,
        a.detached_at,
        a.batch_id,
      ]),
    );
  }

  async close(db: Kysely<Database>, ids: string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      await db
        .updateTable('attachments')
        .set({ detached_at: at })
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute();
    }
  }

  /** Every attachment of a resource, oldest first. */
  async history(db: Kysely<Database>, resourceId: string): Promise<AttachmentRow[]> {
    return db.selectFrom('attachments').selectAll().where('resource_id', '=', resourceId).orderBy('attached_at').orderBy('id').execute();
  }

  /** Attachments valid at `at`: attached_at ≤ at < detached_at (or still open). */
  async heldAt(db: Kysely<Database>, resourceId: string, at: string): Promise<AttachmentRow[]> {
    return db
      .selectFrom('attachments')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .where('attached_at', '<=', at)
      .where((eb) => eb.or([eb('detached_at', 'is', null), eb('detached_at', '>', at)]))
      .orderBy('attached_at')
      .execute();
  }

  /** Keeps the copied tree position in step after an app moved to another business. */
  async followAppMove(db: Kysely<Database>, appId: string, businessId: string, domainId: string): Promise<void> {
    await db.updateTable('attachments').set({ business_id: businessId, domain_id: domainId }).where('app_id', '=', appId).execute();
  }

  /** Keeps the copied tree position in step after a business moved to another domain. */
  async followBusinessMove(db: Kysely<Database>, businessId: string, domainId: string): Promise<void> {
    await db.updateTable('attachments').set({ domain_id: domainId }).where('business_id', '=', businessId).execute();
  }

  async countCurrentForApp(db: Kysely<Database>, appId: string): Promise<number> {
    const r = await db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('app_id', '=', appId)
      .where('detached_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
