import type { Services } from '../services.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { type DemoKind, type DemoStep, demoPhases } from './demo-steps.ts';
import { loadDemoCosts } from './load-demo-costs.ts';

/** What a demo load did: per kind, how many were created; in total, how many created and skipped. */
export type DemoSummary = Record<DemoKind | 'created' | 'skipped', number>;

/**
 * How many records are written at once. On PostgreSQL this overlaps round trips (≈3× faster);
 * on SQLite the one connection serialises them anyway. No more than the smallest pool we use (tests: 4).
 */
const CONCURRENCY = 4;

/** Whether the record is there already; any error other than NotFoundError propagates. */
async function exists(step: DemoStep): Promise<boolean> {
  try {
    await step.exists();
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/** Creates the record unless it exists; true when this call created it. */
async function ensure(step: DemoStep): Promise<boolean> {
  if (await exists(step)) return false;
  try {
    await step.create();
    return true;
  } catch (error) {
    // Someone else (a concurrent `appmeta demo`) created it between our look-up and our create.
    if (error instanceof ConflictError && error.code.endsWith('_exists')) return false;
    throw error;
  }
}

/**
 * Runs `fn` over `items` with at most `limit` in flight. After a failure no new item starts; the
 * first failure is rethrown once the ones in flight have settled.
 */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      await fn(items[next++] as T).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Loads the demo data set (Nimbus 云帆科技, a mid-size e-commerce company: 8 orgs, 6 products,
 * 6 domains, 23 businesses, 80 apps, 12 users, 7 teams) through the services as the local system,
 * then its costs (`loadDemoCosts`: tenant `cloud`, 3 resource types, 150 resources, daily bills for
 * the last three full months and this month to date).
 * Idempotent: a record that exists already (also under an old name, after a rename) is skipped and
 * left as it is, so a second run creates nothing (bills: only days without cost are pushed).
 * @returns how many records of each kind were created, bill lines accepted, and the totals `created` and `skipped`
 */
export async function loadDemo(s: Services): Promise<Record<string, number>> {
  const summary: DemoSummary = { users: 0, teams: 0, orgs: 0, products: 0, domains: 0, businesses: 0, apps: 0, created: 0, skipped: 0 };
  for (const phase of demoPhases(s)) {
    await inPool(phase.steps, phase.sequential ? 1 : CONCURRENCY, async (step) => {
      if (await ensure(step)) {
        summary[step.kind]++;
        summary.created++;
      } else {
        summary.skipped++;
      }
    });
  }
  const costs = await loadDemoCosts(s);
  return {
    ...summary,
    tenants: costs.tenants,
    resourceTypes: costs.resourceTypes,
    resources: costs.resources,
    billLines: costs.billLines,
    created: summary.created + costs.created,
    skipped: summary.skipped + costs.skipped,
  };
}
