import { type RequestContext, systemContext } from '../modules/auth/principal.ts';
import { buildServices, type Services } from '../services.ts';
import { fixedClock } from '../shared/clock.ts';
import { NotFoundError } from '../shared/errors.ts';
import { DEMO_MOVE_DAY, DEMO_TENANT, DEMO_TYPES, type DemoResource, demoBillLines, demoResources, demoStart } from './demo-costs.ts';

const DAY = 86_400_000;
const LINES_PER_CALL = 50_000;

export interface DemoCostsSummary {
  tenants: number;
  resourceTypes: number;
  resources: number;
  billLines: number;
  created: number;
  skipped: number;
}

async function found(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

/**
 * The cost side of the demo: tenant `cloud`, its types, ~150 resources with a history, and daily
 * bills for the last three full months and the current month to date, pushed through
 * `bills.push` as the tenant, so they pass the same checks and attribution as real ones.
 *
 * Attribution needs attachments that held the resources back then, so the tenant, the resources and
 * their attachments are made through a second set of services over the same database whose clock
 * is set to when they happened (before the first billed month; ten in the third month; one move in
 * the middle of the second): the history reads as if it had been recorded live, in the resources'
 * timestamps and the audit log alike. Bills are pushed with the real clock.
 *
 * Idempotent and quick to repeat: existing records are left alone, and only days without any cost
 * yet are pushed (a second run on a later day tops the bills up to yesterday).
 */
export async function loadDemoCosts(s: Services): Promise<DemoCostsSummary> {
  const summary: DemoCostsSummary = { tenants: 0, resourceTypes: 0, resources: 0, billLines: 0, created: 0, skipped: 0 };
  const now = s.deps.clock.now();
  const start = demoStart(now).getTime();
  const clock = fixedClock(new Date(start - 6 * DAY));
  const past = buildServices(s.handle, { clock });
  const count = (kind: 'tenants' | 'resourceTypes' | 'resources', created: boolean) => {
    if (created) {
      summary[kind]++;
      summary.created++;
    } else summary.skipped++;
  };

  const tenantCreated = !(await found(() => s.tenants.get(systemContext, DEMO_TENANT.name)));
  if (tenantCreated) await past.tenants.create(systemContext, DEMO_TENANT);
  count('tenants', tenantCreated);
  const types = await past.tenants.types();
  for (const t of DEMO_TYPES) {
    const missing = !types.has(t.name);
    if (missing) await past.tenants.createType(systemContext, { ...t, tenant: DEMO_TENANT.name });
    count('resourceTypes', missing);
  }
  const tenant = await past.tenants.get(systemContext, DEMO_TENANT.name);
  const ctx: RequestContext = { principal: { kind: 'tenant', id: tenant.id, name: tenant.name }, requestId: null };
  await past.tenants.types(); // warm: the type cache is read on every upsert

  const all = demoResources();
  const missing: DemoResource[] = [];
  for (const r of all) {
    const exists = await found(() => s.resources.get(systemContext, r.input.type, r.input.externalId));
    if (!exists) missing.push(r);
    count('resources', !exists);
  }
  // Registered in the order they came: by day, each day's resources in one call.
  const days = [...new Set(missing.map((r) => r.sinceDay))].sort((a, b) => a - b);
  const moves = missing.filter((r) => r.moveTo);
  for (const day of days) {
    if (moves.length > 0 && day > DEMO_MOVE_DAY) await move(past, clock, ctx, start, moves);
    clock.set(new Date(start + day * DAY + 8 * 3_600_000));
    if (clock.now() > now) break; // not yet: a later run registers them
    await past.resources.upsert(
      ctx,
      missing.filter((r) => r.sinceDay === day).map((r) => r.input),
    );
  }
  if (moves.length > 0 && start + DEMO_MOVE_DAY * DAY + 12 * 3_600_000 <= now.getTime()) {
    await move(past, clock, ctx, start, moves);
  }
  // What the second set of services created, the caller's must see (its caches were filled before).
  s.tenants.invalidate();
  s.tokens.invalidate();

  const booked = await s.costs.costs(ctx, {
    from: new Date(start).toISOString().slice(0, 10),
    to: new Date(now.getTime() + DAY).toISOString().slice(0, 10),
    groupBy: ['day'],
  });
  const billed = new Set(booked.rows.map((r) => r.key.day).filter((d): d is string => typeof d === 'string'));
  const registered = all.filter((r) => start + r.sinceDay * DAY + 8 * 3_600_000 <= now.getTime());
  const lines = demoBillLines(registered, now, billed);
  for (let i = 0; i < lines.length; i += LINES_PER_CALL) {
    const r = await s.bills.push(ctx, lines.slice(i, i + LINES_PER_CALL));
    summary.billLines += r.accepted;
  }
  return summary;
}

/** The one resource that changes apps, at noon on the move day: its cost that day is split pro rata. */
async function move(past: Services, clock: ReturnType<typeof fixedClock>, ctx: RequestContext, start: number, moves: DemoResource[]) {
  clock.set(new Date(start + DEMO_MOVE_DAY * DAY + 12 * 3_600_000));
  const items = moves.map((r) => ({
    type: r.input.type,
    externalId: r.input.externalId,
    attach: (r.input.attach ?? []).map((a) => ({ ...a, appid: r.moveTo as string })),
  }));
  moves.length = 0;
  await past.resources.upsert(ctx, items);
}
