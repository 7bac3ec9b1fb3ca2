import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { formatCsvRow } from '../../shared/csv.ts';
import { ConflictError, ForbiddenError } from '../../shared/errors.ts';
import { formatMoney, microsFrom } from '../../shared/money.ts';
import { requireAdmin } from '../auth/access.ts';
import { actorOf, type RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import { monthOf, monthRange } from './periods.ts';
import { appMonthCosts } from './queries/app-month-costs.ts';

/** One line of a month's statement: a business of a product, a tenant's unallocated cost, or deleted apps. */
export interface StatementLine {
  kind: 'business' | 'unallocated' | 'deleted';
  product: string;
  productTitle: string;
  org: string;
  business: string;
  businessTitle: string;
  tenant: string;
  currency: string;
  amount: bigint;
}

export interface Statement {
  month: string;
  status: 'open' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  lines: StatementLine[];
}

const CSV_HEADER = [
  'month',
  'status',
  'kind',
  'org',
  'product',
  'product_title',
  'business',
  'business_title',
  'tenant',
  'currency',
  'amount',
];

/**
 * Monthly statements per product (and per business inside it). An open month's statement is
 * computed from the roll-ups on every read; closing freezes it — lines, names and titles as they
 * are then — and from that moment ordinary bill lines for the month are refused (corrections are
 * booked in the open month). Closing publishes `statement.closed` with the statement, which the
 * webhooks deliver.
 */
export class StatementsService {
  constructor(private readonly deps: ServiceDeps) {}

  /** @throws ValidationError `invalid_month`; ForbiddenError `user_required` for tenants. */
  async get(ctx: RequestContext, month: string, product?: string): Promise<Statement> {
    monthRange(month);
    if (ctx.principal.kind === 'tenant') {
      throw new ForbiddenError('user_required', 'Statements cover every tenant; a tenant reads its own costs at /api/v1/costs.');
    }
    const db = this.deps.db;
    const closed = await db.selectFrom('statement_months').selectAll().where('month', '=', month).executeTakeFirst();
    let lines: StatementLine[];
    if (closed) {
      let q = db
        .selectFrom('statement_lines')
        .selectAll()
        .select(sql<string>`cast(amount_micros as text)`.as('amount'))
        .where('month', '=', month);
      if (product) q = q.where('product', '=', product);
      const rows = await q.execute();
      lines = rows.map((r) => ({
        kind: r.kind as StatementLine['kind'],
        product: r.product,
        productTitle: r.product_title,
        org: r.org,
        business: r.business,
        businessTitle: r.business_title,
        tenant: r.tenant,
        currency: r.currency,
        amount: microsFrom(r.amount),
      }));
    } else {
      lines = (await this.compute(db, month)).filter((l) => !product || l.product === product);
    }
    return {
      month,
      status: closed ? 'closed' : 'open',
      closedAt: closed?.closed_at ?? null,
      closedBy: closed?.closed_by ?? null,
      lines: sortLines(lines),
    };
  }

  /**
   * Freezes the month. Admins only; the month must have ended (UTC).
   * @throws ConflictError `month_not_ended`, `month_closed`; ForbiddenError `admin_required`
   */
  async close(ctx: RequestContext, month: string): Promise<Statement> {
    requireAdmin(ctx, 'close a month');
    monthRange(month);
    const now = this.deps.clock.now();
    if (month >= monthOf(now)) {
      throw new ConflictError('month_not_ended', `${month} has not ended yet; a month can be closed from its next month on.`, { month });
    }
    return this.deps.transaction(async (tx) => {
      const already = await tx.selectFrom('statement_months').select('closed_at').where('month', '=', month).executeTakeFirst();
      if (already) throw new ConflictError('month_closed', `${month} was closed at ${already.closed_at}.`, { month });
      const closedAt = now.toISOString();
      const closedBy = actorOf(ctx.principal);
      // The insert waits for bill pushes in flight (they hold a share lock on this table) and makes
      // later pushes see the month closed, so nothing lands in the month after its lines are read.
      await tx.insertInto('statement_months').values({ month, closed_at: closedAt, closed_by: closedBy }).execute();
      const lines = sortLines(await this.compute(tx, month));
      for (let i = 0; i < lines.length; i += 500) {
        await tx
          .insertInto('statement_lines')
          .values(
            lines.slice(i, i + 500).map((l) => ({
              month,
              kind: l.kind,
              product: l.product,
              product_title: l.productTitle,
              org: l.org,
              business: l.business,
              business_title: l.businessTitle,
              tenant: l.tenant,
              currency: l.currency,
              amount_micros: l.amount,
            })),
          )
          .execute();
      }
      const statement: Statement = { month, status: 'closed', closedAt, closedBy, lines };
      await this.deps.changes.record(tx, ctx, {
        action: 'closed',
        entityType: 'statement',
        entityId: month,
        entityKey: month,
        before: null,
        after: statementJson(statement),
      });
      return statement;
    });
  }

  /** The month's lines from the roll-up, against the tree as it is now. */
  private async compute(db: Kysely<Database>, month: string): Promise<StatementLine[]> {
    const orgs = new Map((await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
    const lines = new Map<string, StatementLine>();
    const add = (key: string, make: () => Omit<StatementLine, 'amount'>, amount: bigint) => {
      const l = lines.get(key);
      if (l) l.amount += amount;
      else lines.set(key, { ...make(), amount });
    };
    const none = { product: '', productTitle: '', org: '', business: '', businessTitle: '', tenant: '' };
    for (const r of await appMonthCosts(db, this.deps.dialect, month, undefined)) {
      const app = r.app;
      if (r.appId === '')
        add(`u|${r.tenant}|${r.currency}`, () => ({ ...none, kind: 'unallocated', tenant: r.tenant, currency: r.currency }), r.amount);
      else if (app === null) add(`d|${r.currency}`, () => ({ ...none, kind: 'deleted', currency: r.currency }), r.amount);
      else {
        add(
          `b|${app.businessKey}|${r.currency}`,
          () => ({
            kind: 'business',
            product: app.product,
            productTitle: app.productTitle,
            org: orgs.get(app.orgId) ?? '',
            business: app.businessKey,
            businessTitle: app.businessTitle,
            tenant: '',
            currency: r.currency,
          }),
          r.amount,
        );
      }
    }
    return [...lines.values()];
  }
}

const KIND_ORDER = { business: 0, unallocated: 1, deleted: 2 };

function sortLines(lines: StatementLine[]): StatementLine[] {
  const key = (l: StatementLine) => `${KIND_ORDER[l.kind]}\u0000${l.product}\u0000${l.business}\u0000${l.tenant}\u0000${l.currency}`;
  return lines.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The statement as the API and the `statement.closed` event carry it: amounts as decimal strings, totals per currency and per product. */
export function statementJson(s: Statement) {
  const totals = new Map<string, bigint>();
  const products = new Map<string, { product: string; title: string; org: string; amounts: Map<string, bigint> }>();
  for (const l of s.lines) {
    totals.set(l.currency, (totals.get(l.currency) ?? 0n) + l.amount);
    if (l.kind !== 'business') continue;
    let p = products.get(l.product);
    if (!p) {
      p = { product: l.product, title: l.productTitle, org: l.org, amounts: new Map() };
      products.set(l.product, p);
    }
    p.amounts.set(l.currency, (p.amounts.get(l.currency) ?? 0n) + l.amount);
  }
  const amounts = (m: Map<string, bigint>) =>
    [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount: formatMoney(amount) }));
  return {
    month: s.month,
    status: s.status,
    closedAt: s.closedAt,
    closedBy: s.closedBy,
    totals: amounts(totals),
    products: [...products.values()].map((p) => ({ product: p.product, title: p.title, org: p.org, totals: amounts(p.amounts) })),
    lines: s.lines.map((l) => ({ ...l, amount: formatMoney(l.amount) })),
  };
}

/** The statement as CSV, one line per statement line, amounts exact. */
export function statementCsv(s: Statement): string {
  const rows = [formatCsvRow(CSV_HEADER)];
  for (const l of s.lines) {
    rows.push(
      formatCsvRow([
        s.month,
        s.status,
        l.kind,
        l.org,
        l.product,
        l.productTitle,
        l.business,
        l.businessTitle,
        l.tenant,
        l.currency,
        formatMoney(l.amount),
      ]),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
