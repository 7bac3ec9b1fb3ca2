import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The inventory dimension that counts attached resources. */
export const COUNT = '#count';

/** Accumulates inventory changes in memory so one call writes each (app, env, type, dimension) once. */
export class InventoryDelta {
  private readonly deltas = new Map<string, { app_id: string; env: string; type: string; dimension: string; total: number }>();

  /** A resource with `capacity` was attached (sign 1) to or detached (sign -1) from app+env. */
  add(appId: string, env: string, type: string, capacity: Record<string, number>, sign: 1 | -1): void {
    this.bump(appId, env, type, COUNT, sign);
    for (const [dim, value] of Object.entries(capacity)) this.bump(appId, env, type, dim, sign * value);
  }

  private bump(app_id: string, env: string, type: string, dimension: string, by: number): void {
    const key = `${app_id}\u0000${env}\u0000${type}\u0000${dimension}`;
    const d = this.deltas.get(key);
    if (d) d.total += by;
    else this.deltas.set(key, { app_id, env, type, dimension, total: by });
  }

  rows() {
    return [...this.deltas.values()].filter((d) => d.total !== 0);
  }
}

/**
 * The inventory roll-up: per app × environment × resource type, the number of attached resources
 * and the sum of each capacity dimension. Maintained in the same transaction as every attachment
 * change, so statistics under any tree node read this table instead of scanning resources.
 */
export class InventoryRepository {
  async apply(db: Kysely<Database>, delta: InventoryDelta): Promise<void> {
    const rows = delta.rows();
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto('inventory')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['app_id', 'env', 'type', 'dimension']).doUpdateSet((eb) => ({
            total: eb(eb.ref('inventory.total'), '+', eb.ref('excluded.total')),
          })),
        )
        .execute();
    }
  }
}
