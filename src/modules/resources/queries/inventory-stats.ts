import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { COUNT } from '../inventory.repository.ts';

export const INVENTORY_GROUPS = ['type', 'env', 'tenant', 'domain', 'business', 'app'] as const;
export type InventoryGroup = (typeof INVENTORY_GROUPS)[number];

export interface InventoryRow {
  group: Partial<Record<InventoryGroup, string>>;
  resources: number;
  capacity: Record<string, number>;
}

const COLUMN: Record<InventoryGroup, string> = {
  type: 'inventory.type',
  env: 'inventory.env',
  tenant: 'tenants.name',
  domain: 'domains.name',
  business: "domains.name || '.' || businesses.name",
  app: 'apps.appid',
};

/**
 * Counts and capacity sums of attached resources under a tree node, grouped as asked, read from the
 * maintained `inventory` roll-up (one row per app × env × type × dimension), never from resources.
 * A resource attached to several apps counts once for each.
 */
export async function inventoryStats(
  db: Kysely<Database>,
  f: { scope?: { level: 'domain' | 'business' | 'app'; id: string }; groupBy: InventoryGroup[]; typeNames?: string[] },
): Promise<InventoryRow[]> {
  const groups = [...new Set(f.groupBy)];
  let q = db
    .selectFrom('inventory')
    .innerJoin('apps', 'apps.id', 'inventory.app_id')
    .innerJoin('businesses', 'businesses.id', 'apps.business_id')
    .innerJoin('domains', 'domains.id', 'businesses.domain_id')
    .innerJoin('resource_types', 'resource_types.name', 'inventory.type')
    .innerJoin('tenants', 'tenants.id', 'resource_types.tenant_id')
    .select([
      ...groups.map((g) => sql<string>`${sql.raw(COLUMN[g])}`.as(`g_${g}`)),
      'inventory.dimension',
      sql<number>`sum(inventory.total)`.as('total'),
    ]);
  if (f.scope?.level === 'domain') q = q.where('domains.id', '=', f.scope.id);
  if (f.scope?.level === 'business') q = q.where('businesses.id', '=', f.scope.id);
  if (f.scope?.level === 'app') q = q.where('apps.id', '=', f.scope.id);
  if (f.typeNames) q = q.where('inventory.type', 'in', f.typeNames.length ? f.typeNames : ['\u0000none']);
  const rows = await q.groupBy([...groups.map((g) => sql.raw(COLUMN[g])), sql.ref('inventory.dimension')]).execute();

  const out = new Map<string, InventoryRow>();
  for (const r of rows as Array<Record<string, unknown>>) {
    const group = Object.fromEntries(groups.map((g) => [g, String(r[`g_${g}`])])) as InventoryRow['group'];
    const key = JSON.stringify(group);
    const entry = out.get(key) ?? { group, resources: 0, capacity: {} };
    const total = Number(r.total);
    if (r.dimension === COUNT) entry.resources = Math.round(total);
    // Capacities are measured quantities (cores, GiB), summed as doubles; round away float noise.
    else {
      const rounded = Math.round(total * 1e6) / 1e6;
      // A dimension whose resources all left sums to zero: leave it out, as a recount would.
      if (rounded !== 0) entry.capacity[String(r.dimension)] = rounded;
    }
    out.set(key, entry);
  }
  return [...out.values()].filter((e) => e.resources > 0).sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
}
