import type { Kysely } from 'kysely';
import { isRetryable, isUniqueViolation, lockAgainstWriters } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import { formatMoney } from '../../shared/money.ts';
import { decodeCursor, toPage } from '../../shared/pagination.ts';
import { isAdmin, type RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { ResourceAccess } from '../resources/resource-access.ts';
import type { TenantsService } from '../tenants/tenants.service.ts';
import { attribute } from './attribution.ts';
import { isRejection, type LineRejection, type ParsedBillLine, parseBillLine } from './bill-line.ts';
import type { AllocationRow, BillLineRow, BillsRepository, RejectionRow, RollupCell } from './bills.repository.ts';
import { monthRange } from './periods.ts';

/** Lines per call of `push` (and per chunk of a CSV import). */
export const MAX_LINES_PER_CALL = 50_000;

export interface PushResult {
  ingestId: string;
  accepted: number;
  duplicates: number;
  rejected: LineRejection[];
  /** columns that are neither read FOCUS columns nor `x_` columns, hence ignored */
  ignoredColumns: string[];
}

/** A line that passed every check, with where it is booked and how it splits. */
interface Booked {
  line: ParsedBillLine;
  resourceId: string;
  day: string;
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A line's id: its call's ULID and its position in 4 base-32 digits (30 chars). Sorts like the
 * ULIDs it extends, and costs no random bytes per line (a ULID per line was ≈1 µs of 50,000).
 */
function lineId(ingestId: string, i: number): string {
  return ingestId + BASE32[(i >> 15) & 31] + BASE32[(i >> 10) & 31] + BASE32[(i >> 5) & 31] + BASE32[i & 31];
}

/** Whether two lines charge the same: resource, period, currency and amount. */
function sameCharge(a: ParsedBillLine, b: ParsedBillLine): boolean {
  return a.resourceKey === b.resourceKey && a.start === b.start && a.end === b.end && a.currency === b.currency && a.billed === b.billed;
}

/**
 * ISO text of instants, memoized for one call: a call's lines share a few period bounds, and
 * `toISOString` was a visible share of booking 50,000 lines.
 */
function isoMemo(): (ms: number) => string {
  const memo = new Map<number, string>();
  return (ms) => {
    let iso = memo.get(ms);
    if (iso === undefined) {
      iso = new Date(ms).toISOString();
      memo.set(ms, iso);
    }
    return iso;
  };
}

/**
 * Bill ingestion. A call is checked line by line; the good lines are kept and the rest come back
 * with a reason each. The call's lines, their allocations, the roll-up deltas, its rejections and
 * its audit row are written in one transaction, so a crash leaves none of it.
 *
 * Checks, in order: well formed (`parseBillLine`); the resource's type belongs to the calling
 * tenant (else `resource_not_owned`, also audited as a refusal) and the resource exists
 * (`resource_not_found`); the BillId is new for this tenant (else a duplicate, not counted again —
 * or `bill_id_conflict` if the earlier line under that id differs in resource, period, amount or
 * currency); the period does not start in the future; its month is not closed (`month_closed`)
 * unless the line is a correction, which is then booked on today's date in the open month.
 */
export class BillsService {
  constructor(
    private readonly deps: ServiceDeps,
    readonly repo: BillsRepository,
    private readonly tenants: TenantsService,
    private readonly access: ResourceAccess,
  ) {}

  /** @throws ForbiddenError `tenant_required` unless the caller is a tenant. */
  async push(ctx: RequestContext, raw: readonly unknown[], firstLine = 1): Promise<PushResult> {
    const p = ctx.principal;
    if (p.kind !== 'tenant') throw new ForbiddenError('tenant_required', 'Only a tenant (resource provider) token can push bills.');
    const tenantId = p.id;
    const ignored = new Set<string>();
    const rejected: LineRejection[] = [];
    const parsed: ParsedBillLine[] = [];
    raw.forEach((r, i) => {
      const x = parseBillLine(r, firstLine + i, ignored);
      if (isRejection(x)) rejected.push(x);
      else parsed.push(x);
    });

    // Ownership is decided by the type, which belongs to exactly one tenant.
    const types = await this.tenants.types();
    const notOwned: string[] = [];
    const owned: ParsedBillLine[] = [];
    for (const l of parsed) {
      const type = types.get(l.resourceType);
      if (type?.tenantId === tenantId) owned.push(l);
      else if (type) {
        notOwned.push(l.resourceKey);
        rejected.push({
          line: l.line,
          billId: l.billId,
          code: 'resource_not_owned',
          message: `${l.resourceKey} belongs to another tenant; not charged.`,
        });
      } else {
        rejected.push({
          line: l.line,
          billId: l.billId,
          code: 'resource_not_found',
          message: `There is no resource type "${l.resourceType}".`,
        });
      }
    }
    if (notOwned.length > 0) await this.access.recordRefusal(ctx, [...new Set(notOwned)], 'bill');

    const ingestId = this.deps.ids.next();
    // Two calls racing: on a unique key (the same new BillId), a deadlock or a serialization
    // failure the whole call is run again (nothing of the failed attempt was kept).
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.deps.transaction((tx) => this.book(tx, ctx, tenantId, ingestId, owned, [...rejected]));
        return { ingestId, ...result, ignoredColumns: [...ignored].sort() };
      } catch (err) {
        if (attempt >= 3 || !(isUniqueViolation(err) || isRetryable(err))) throw err;
      }
    }
  }

  private async book(
    tx: Kysely<Database>,
    ctx: RequestContext,
    tenantId: string,
    ingestId: string,
    lines: ParsedBillLine[],
    rejected: LineRejection[],
  ): Promise<Omit<PushResult, 'ingestId' | 'ignoredColumns'>> {
    const now = this.deps.clock.now();
    const nowIso = now.toISOString();
    const iso = isoMemo();
    const dayOf = (ms: number) => iso(ms).slice(0, 10);
    const today = dayOf(now.getTime());
    // A month closing now waits for this call, and this call sees a month closed before it.
    await lockAgainstWriters(this.deps.dialect, tx, 'statement_months');
    const closed = await this.repo.closedMonths(tx);
    const resources = await this.repo.resourceIds(tx, [
      ...new Map(lines.map((l) => [l.resourceKey, [l.resourceType, l.externalId] as [string, string]])).values(),
    ]);
    const seen = new Map<string, ParsedBillLine>();
    const booked: Booked[] = [];
    /** lines refused for their period: a re-sent line that was accepted earlier is a duplicate instead */
    const blocked: Array<{ line: ParsedBillLine; code: string; message: string }> = [];
    /** a BillId booked earlier in this call: a duplicate if it charges the same, else a conflict */
    const repeats: Array<{ line: ParsedBillLine; first: ParsedBillLine }> = [];
    let duplicates = 0;
    const reject = (l: ParsedBillLine, code: string, message: string) => rejected.push({ line: l.line, billId: l.billId, code, message });
    for (const l of lines) {
      const resourceId = resources.get(l.resourceKey);
      if (!resourceId) {
        reject(l, 'resource_not_found', `There is no resource ${l.resourceKey}.`);
        continue;
      }
      const first = seen.get(l.billId);
      if (first) {
        repeats.push({ line: l, first });
        continue;
      }
      if (l.start > now.getTime()) {
        blocked.push({ line: l, code: 'invalid_period', message: 'ChargePeriodStart is in the future; bill a period once it has begun.' });
        continue;
      }
      let day = dayOf(l.start);
      if (closed.has(day.slice(0, 7))) {
        if (!l.correction) {
          blocked.push({
            line: l,
            code: 'month_closed',
            message: `${day.slice(0, 7)} is closed; send ChargeClass=Correction to book it in the open month.`,
          });
          continue;
        }
        day = today;
        if (closed.has(day.slice(0, 7))) {
          blocked.push({
            line: l,
            code: 'month_closed',
            message: `The current month ${day.slice(0, 7)} is closed too; nothing is open to book the correction in.`,
          });
          continue;
        }
      }
      seen.set(l.billId, l);
      booked.push({ line: l, resourceId, day });
    }

    // The lines to book are inserted first: the unique (tenant, BillId) key tells which were new.
    const rows = booked.map((b, i): BillLineRow => {
      const l = b.line;
      return {
        id: lineId(ingestId, i),
        tenantId,
        billId: l.billId,
        resourceId: b.resourceId,
        resourceType: l.resourceType,
        resourceKey: l.resourceKey,
        periodStart: iso(l.start),
        periodEnd: iso(l.end),
        bookedDay: b.day,
        currency: l.currency,
        billed: l.billed,
        effective: l.effective,
        consumedQuantity: l.consumedQuantity,
        consumedUnit: l.consumedUnit,
        skuId: l.skuId,
        chargeCategory: l.chargeCategory,
        chargeClass: l.correction ? 'Correction' : null,
        chargeDescription: l.chargeDescription,
        extra: l.extra,
        ingestId,
        createdAt: nowIso,
      };
    });
    const inserted = rows.length > 0 ? await this.repo.insertNewLines(tx, rows) : [];

    // Lines not inserted, and lines refused for their period, may repeat an accepted line.
    const again = [...booked.filter((_, i) => !inserted[i]).map((b) => b.line), ...blocked.map((x) => x.line)];
    const earlier = await this.repo.acceptedLines(
      tx,
      tenantId,
      again.map((l) => l.billId),
    );
    const resent = (l: ParsedBillLine): boolean => {
      const e = earlier.get(l.billId);
      // a line this call booked itself is not an earlier one (a repeat is compared with it below)
      if (!e || e.ingestId === ingestId) return false;
      const same =
        e.resourceKey === l.resourceKey &&
        e.start === iso(l.start) &&
        e.end === iso(l.end) &&
        e.currency === l.currency &&
        e.billed === l.billed;
      if (same) duplicates++;
      else reject(l, 'bill_id_conflict', `BillId "${l.billId}" was already accepted for a different charge; use a new BillId.`);
      return true;
    };
    booked.forEach((b, i) => {
      if (!inserted[i] && !resent(b.line)) throw new Error(`bill ${b.line.billId} was neither inserted nor found`);
    });
    for (const x of blocked) if (!resent(x.line)) reject(x.line, x.code, x.message);
    for (const x of repeats) {
      // compared with the line accepted before this call if there is one, else with the first in the call
      if (resent(x.line)) continue;
      if (sameCharge(x.first, x.line)) duplicates++;
      else
        reject(
          x.line,
          'bill_id_conflict',
          `BillId "${x.line.billId}" appears earlier in this call for a different charge; use a new BillId.`,
        );
    }

    const accepted = rows.filter((_, i) => inserted[i]);
    const allocations: AllocationRow[] = [];
    const daily = new Map<string, RollupCell>();
    const monthly = new Map<string, RollupCell>();
    const addCell = (cells: Map<string, RollupCell>, period: string, appId: string, env: string, l: ParsedBillLine, amount: bigint) => {
      const key = `${period}|${appId}|${env}|${l.resourceType}|${l.currency}`;
      const cell = cells.get(key);
      if (cell) cell.amount += amount;
      else cells.set(key, { period, appId, env, type: l.resourceType, tenantId, currency: l.currency, amount });
    };
    if (accepted.length > 0) {
      let from = Number.POSITIVE_INFINITY;
      let to = Number.NEGATIVE_INFINITY;
      const mine = booked.filter((_, i) => inserted[i]);
      for (const b of mine) {
        from = Math.min(from, b.line.start);
        to = Math.max(to, b.line.end);
      }
      const holders = await this.repo.holders(tx, [...new Set(mine.map((b) => b.resourceId))], iso(from), iso(to));
      mine.forEach((b, i) => {
        const l = b.line;
        const id = (accepted[i] as BillLineRow).id;
        for (const part of attribute(l.billed, l.start, l.end, holders.get(b.resourceId) ?? [])) {
          allocations.push({ lineId: id, appId: part.appId, env: part.env, amount: part.amount });
          addCell(daily, b.day, part.appId, part.env, l, part.amount);
        }
      });
      for (const c of daily.values()) {
        const key = `${c.period.slice(0, 7)}|${c.appId}|${c.env}|${c.type}|${c.currency}`;
        const cell = monthly.get(key);
        if (cell) cell.amount += c.amount;
        else monthly.set(key, { ...c, period: c.period.slice(0, 7) });
      }
      await this.repo.writeCosts(tx, allocations, [...daily.values()], [...monthly.values()]);
    }

    rejected.sort((a, b) => a.line - b.line);
    if (rejected.length > 0) {
      await this.repo.writeRejections(
        tx,
        rejected.map(
          (r): RejectionRow => ({
            id: this.deps.ids.next(),
            tenantId,
            ingestId,
            line: r.line,
            billId: r.billId,
            code: r.code,
            message: r.message,
            createdAt: nowIso,
          }),
        ),
      );
    }
    const totals = new Map<string, bigint>();
    for (const r of accepted) totals.set(r.currency, (totals.get(r.currency) ?? 0n) + r.billed);
    await this.deps.changes.record(tx, ctx, {
      action: 'pushed',
      entityType: 'bill',
      entityId: ingestId,
      entityKey: `${accepted.length} line(s)`,
      before: null,
      after: {
        accepted: accepted.length,
        duplicates,
        rejected: rejected.length,
        totals: Object.fromEntries([...totals].map(([c, v]) => [c, formatMoney(v)])),
        months: [...new Set(accepted.map((r) => r.bookedDay.slice(0, 7)))].sort(),
      },
    });
    return { accepted: accepted.length, duplicates, rejected };
  }

  /** Rejected lines, newest first: a tenant its own, an admin everyone's (or one tenant's). */
  async rejections(ctx: RequestContext, q: { tenant?: string; cursor?: string; limit: number }) {
    const tenantId = await this.readableTenant(ctx, q.tenant);
    const rows = await this.repo.listRejections(this.deps.db, { tenantId, before: decodeCursor(q.cursor), limit: q.limit });
    const names = await this.tenantNames();
    const page = toPage(rows, q.limit, (r) => r.id);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        id: r.id,
        tenant: names.get(r.tenantId) ?? r.tenantId,
        ingestId: r.ingestId,
        line: r.line,
        billId: r.billId,
        code: r.code,
        message: r.message,
        createdAt: r.createdAt,
      })),
    };
  }

  /** Accepted bill lines newest first, each with its split over apps: a tenant its own, an admin everyone's. */
  async lines(ctx: RequestContext, q: { tenant?: string; month?: string; resource?: string; cursor?: string; limit: number }) {
    const tenantId = await this.readableTenant(ctx, q.tenant);
    if (q.month) monthRange(q.month);
    const rows = await this.repo.listLines(this.deps.db, {
      tenantId,
      month: q.month,
      resourceKey: q.resource,
      before: decodeCursor(q.cursor),
      limit: q.limit,
    });
    const names = await this.tenantNames();
    const page = toPage(rows, q.limit, (r) => r.id);
    const appIds = [...new Set(page.items.flatMap((r) => r.allocations.map((a) => a.appId)).filter((id) => id !== ''))];
    const appids = new Map<string, string>();
    for (let i = 0; i < appIds.length; i += 500) {
      const found = await this.deps.db
        .selectFrom('apps')
        .select(['id', 'appid'])
        .where('id', 'in', appIds.slice(i, i + 500))
        .execute();
      for (const a of found) appids.set(a.id, a.appid);
    }
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        BillId: r.billId,
        ResourceId: r.resourceKey,
        ChargePeriodStart: r.periodStart,
        ChargePeriodEnd: r.periodEnd,
        BilledCost: formatMoney(r.billed),
        BillingCurrency: r.currency,
        EffectiveCost: r.effective === null ? null : formatMoney(r.effective),
        ConsumedQuantity: r.consumedQuantity,
        ConsumedUnit: r.consumedUnit,
        SkuId: r.skuId,
        ChargeCategory: r.chargeCategory,
        ChargeClass: r.chargeClass,
        ChargeDescription: r.chargeDescription,
        extra: r.extra ?? {},
        tenant: names.get(r.tenantId) ?? r.tenantId,
        bookedDay: r.bookedDay,
        ingestId: r.ingestId,
        createdAt: r.createdAt,
        allocations: r.allocations.map((a) => ({
          appid: a.appId === '' ? null : (appids.get(a.appId) ?? '(deleted)'),
          env: a.env === '' ? null : a.env,
          amount: formatMoney(a.amount),
        })),
      })),
    };
  }

  private async readableTenant(ctx: RequestContext, tenant: string | undefined): Promise<string | undefined> {
    const p = ctx.principal;
    if (p.kind === 'tenant') return p.id;
    if (!isAdmin(p)) throw new ForbiddenError('admin_required', 'Only an admin or the tenant itself may read bill lines.');
    return tenant === undefined ? undefined : (await this.tenants.get(ctx, tenant)).id;
  }

  private async tenantNames(): Promise<Map<string, string>> {
    const rows = await this.deps.db.selectFrom('tenants').select(['id', 'name']).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
