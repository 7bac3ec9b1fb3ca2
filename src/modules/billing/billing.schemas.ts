import { z } from 'zod';
import { pageOf } from '../../http/schemas.ts';
import { pageQuery } from '../../shared/pagination.ts';
import { MAX_LINES_PER_CALL } from './bills.service.ts';
import { COST_GROUPS } from './queries/sum-costs.ts';

const money = z.string().describe('exact decimal amount, e.g. "1234.50" (at most 6 fractional digits)');
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM')
  .describe('YYYY-MM (UTC)');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date: YYYY-MM-DD')
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  }, 'not a calendar date');
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY')
  .describe('ISO 4217, e.g. CNY');

/**
 * A bill line is checked by `parseBillLine` (a bad line is rejected on its own, with a reason, while
 * the rest of the call is kept), so the body schema does not check lines itself: validating 50,000
 * records here too cost ≈50 ms and a copy of every line per call.
 */
export const billLineIn = z
  .unknown()
  .describe(
    'One bill line: an object in FinOps FOCUS column names: BillId, ResourceId ({type}/{externalId}), ChargePeriodStart, ChargePeriodEnd, ' +
      'BilledCost (decimal string), BillingCurrency, and optionally EffectiveCost, ConsumedQuantity, ConsumedUnit, SkuId, ' +
      'ChargeCategory, ChargeClass ("Correction"), ChargeDescription; x_-prefixed columns are kept.',
  )
  .meta({ id: 'BillLineIn', type: 'object', additionalProperties: { type: 'string' } });

export const pushBody = z.object({ lines: z.array(billLineIn).max(MAX_LINES_PER_CALL) }).strict();

const rejection = z.object({
  line: z.number().describe('1-based position of the line in the call (CSV: data row)'),
  billId: z.string().nullable(),
  code: z
    .string()
    .describe(
      'invalid_line, invalid_resource_id, invalid_period, invalid_amount, unknown_currency, resource_not_found, resource_not_owned, bill_id_conflict, month_closed',
    ),
  message: z.string(),
});

export const pushOut = z
  .object({
    ingestId: z.string(),
    accepted: z.number(),
    duplicates: z.number().describe('lines whose BillId this tenant had already pushed: not counted again'),
    rejected: z.array(rejection),
    ignoredColumns: z.array(z.string()).describe('columns neither read nor kept (only x_ columns are kept)'),
  })
  .meta({ id: 'BillPushResult' });

export const linesQuery = z
  .object({
    tenant: z.string().max(100).optional().describe('admins: one tenant'),
    month: month.optional().describe('the month the lines are booked in'),
    resource: z.string().max(300).optional().describe('{type}/{externalId}'),
    ...pageQuery,
  })
  .strict();

export const billLineOut = z
  .object({
    BillId: z.string(),
    ResourceId: z.string(),
    ChargePeriodStart: z.string(),
    ChargePeriodEnd: z.string(),
    BilledCost: money,
    BillingCurrency: z.string(),
    EffectiveCost: money.nullable(),
    ConsumedQuantity: z.string().nullable(),
    ConsumedUnit: z.string().nullable(),
    SkuId: z.string().nullable(),
    ChargeCategory: z.string().nullable(),
    ChargeClass: z.string().nullable(),
    ChargeDescription: z.string().nullable(),
    extra: z.record(z.string(), z.string()).describe('the x_ columns'),
    tenant: z.string(),
    bookedDay: z
      .string()
      .describe('the day the line is booked on (its period start, or the arrival day of a correction for a closed month)'),
    ingestId: z.string(),
    createdAt: z.string(),
    allocations: z
      .array(z.object({ appid: z.string().nullable().describe('null: unallocated'), env: z.string().nullable(), amount: money }))
      .describe('how the line was split over the apps that held the resource; the amounts add up to BilledCost'),
  })
  .meta({ id: 'BillLine' });

export const linesOut = pageOf(billLineOut);

export const rejectionsQuery = z.object({ tenant: z.string().max(100).optional().describe('admins: one tenant'), ...pageQuery }).strict();
export const rejectionsOut = pageOf(
  z.object({
    id: z.string(),
    tenant: z.string(),
    ingestId: z.string(),
    line: z.number(),
    billId: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    createdAt: z.string(),
  }),
);

const groupList = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const parts = s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    for (const p of parts) {
      if (!(COST_GROUPS as readonly string[]).includes(p)) {
        ctx.addIssue({ code: 'custom', message: `unknown grouping "${p}"; use ${COST_GROUPS.join(', ')}` });
        return z.NEVER;
      }
    }
    return [...new Set(parts)] as Array<(typeof COST_GROUPS)[number]>;
  });

export const costsQuery = z
  .object({
    from: day.optional().describe('first day, inclusive (YYYY-MM-DD, UTC); or use `month`'),
    to: day.optional().describe('end day, exclusive'),
    month: month.optional().describe('shorthand for from=<month>-01&to=<next month>-01'),
    groupBy: groupList.default([]).describe(`comma-separated: ${COST_GROUPS.join(', ')}`),
    scope: z.string().max(200).optional().describe('domain, domain.business, appid, product:<name> or org:<name>'),
    currency: currency.optional(),
  })
  .strict();

export const costsOut = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.array(z.string()),
    scope: z.string().nullable(),
    rows: z.array(
      z.object({
        key: z.record(z.string(), z.string().nullable()).describe('one value per grouping; app/env null = unallocated'),
        currency: z.string(),
        amount: money,
      }),
    ),
    totals: z.array(z.object({ currency: z.string(), amount: money })),
  })
  .meta({ id: 'Costs' });

type TreeNode = { kind: string; key: string; title: string; amount: string; children?: TreeNode[] };
/** Recursive, so it is a named component (`$ref: CostTreeNode`) rather than an inline definition. */
const treeNode: z.ZodType<TreeNode> = z
  .object({
    kind: z.string().describe('org, product, domain, business or app'),
    key: z.string(),
    title: z.string(),
    amount: money,
    get children() {
      return z.array(treeNode).optional();
    },
  })
  .meta({ id: 'CostTreeNode' });

export const costTreeQuery = z
  .object({
    month,
    hierarchy: z.enum(['business', 'finance']).default('business'),
    currency: currency.optional().describe("default: the month's largest currency"),
  })
  .strict();

export const costTreeOut = z
  .object({
    month: z.string(),
    hierarchy: z.string(),
    currency: z.string().nullable(),
    currencies: z.array(z.string()),
    amount: money,
    unallocated: z.array(z.object({ tenant: z.string(), amount: money })),
    deletedApps: money.describe('cost of apps deleted after they were charged'),
    children: z.array(treeNode),
  })
  .meta({ id: 'CostTree' });

export const statementParams = z.object({ month });
export const statementQuery = z
  .object({ product: z.string().max(100).optional(), format: z.enum(['json', 'csv']).optional().describe('or Accept: text/csv') })
  .strict();

const amounts = z.array(z.object({ currency: z.string(), amount: money }));
export const statementOut = z
  .object({
    month: z.string(),
    status: z.enum(['open', 'closed']).describe('open: computed live from the roll-ups; closed: frozen at close'),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    totals: amounts,
    products: z.array(z.object({ product: z.string(), title: z.string(), org: z.string(), totals: amounts })),
    lines: z.array(
      z.object({
        kind: z.enum(['business', 'unallocated', 'deleted']),
        product: z.string(),
        productTitle: z.string(),
        org: z.string(),
        business: z.string(),
        businessTitle: z.string(),
        tenant: z.string(),
        currency: z.string(),
        amount: money,
      }),
    ),
  })
  .meta({ id: 'Statement' });
