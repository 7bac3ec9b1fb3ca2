import { errors, sendBuilt } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { ValidationError } from '../../shared/errors.ts';
import {
  costsOut,
  costsQuery,
  costTreeOut,
  costTreeQuery,
  linesOut,
  linesQuery,
  pushBody,
  pushOut,
  rejectionsOut,
  rejectionsQuery,
  statementOut,
  statementParams,
  statementQuery,
} from './billing.schemas.ts';
import type { BillsService } from './bills.service.ts';
import { billsImportRoutes } from './bills-import.routes.ts';
import type { CostsService } from './costs.service.ts';
import { addMonths } from './periods.ts';
import { type StatementsService, statementCsv, statementJson } from './statements.service.ts';

/** 50,000 FOCUS lines as JSON are ≈ 20 MB. */
const PUSH_BODY_LIMIT = 64 * 1024 * 1024;

export function billingRoutes(app: ZodApp, bills: BillsService, costs: CostsService, statements: StatementsService): void {
  app.post(
    '/api/v1/bills',
    {
      bodyLimit: PUSH_BODY_LIMIT,
      config: { access: 'authenticated', permission: 'a tenant, for its own resources' },
      schema: {
        tags: ['billing'],
        summary: 'Push up to 50,000 bill lines (FOCUS columns); good lines are kept, the rest come back with a reason each',
        body: pushBody,
        response: { 200: pushOut, ...errors(400, 403, 413) },
      },
    },
    async (req) => bills.push(req.ctx, req.body.lines),
  );
  billsImportRoutes(app, bills);

  app.get(
    '/api/v1/bills',
    {
      config: { access: 'authenticated', permission: 'a tenant (its own lines) or an admin' },
      schema: {
        tags: ['billing'],
        summary: 'Accepted bill lines, newest first, with how each was split over apps',
        querystring: linesQuery,
        response: { 200: linesOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => bills.lines(req.ctx, req.query),
  );

  app.get(
    '/api/v1/bills/rejections',
    {
      config: { access: 'authenticated', permission: 'a tenant (its own) or an admin' },
      schema: {
        tags: ['billing'],
        summary: 'Rejected bill lines, newest first, with the reason each was refused',
        querystring: rejectionsQuery,
        response: { 200: rejectionsOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => bills.rejections(req.ctx, req.query),
  );

  app.get(
    '/api/v1/costs',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal; a tenant sees only its own costs' },
      schema: {
        tags: ['billing'],
        summary: 'Costs over a date range, grouped along either hierarchy, by environment, type, tenant, month or day',
        querystring: costsQuery,
        response: { 200: costsOut, ...errors(400, 404) },
      },
    },
    async (req, reply) => {
      const q = req.query;
      let from = q.from;
      let to = q.to;
      if (q.month) {
        if (from || to) throw new ValidationError('invalid_period', 'Give either `month` or `from`/`to`, not both.', { field: 'month' });
        from = `${q.month}-01`;
        to = addMonths(from, 1);
      }
      if (!from || !to)
        throw new ValidationError('invalid_period', '`from` and `to` (or `month`) are required.', { field: from ? 'to' : 'from' });
      return sendBuilt(reply, await costs.costs(req.ctx, { from, to, groupBy: q.groupBy, scope: q.scope, currency: q.currency }));
    },
  );

  app.get(
    '/api/v1/costs/tree',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal; a tenant sees only its own costs' },
      schema: {
        tags: ['billing'],
        summary:
          "The month's cost at every node of the business (domain → business → app) or finance (org → product → business → app) tree",
        querystring: costTreeQuery,
        response: { 200: costTreeOut, ...errors(400) },
      },
    },
    async (req, reply) => sendBuilt(reply, await costs.tree(req.ctx, req.query)),
  );

  app.get(
    '/api/v1/statements/:month',
    {
      config: { access: 'authenticated', permission: 'any authenticated user (not tenants)' },
      schema: {
        tags: ['billing'],
        summary:
          "The month's statement per product and business: frozen once closed, live before. JSON, or CSV with format=csv / Accept: text/csv",
        params: statementParams,
        querystring: statementQuery,
        response: { 200: statementOut, ...errors(400, 403) },
      },
    },
    async (req, reply) => {
      const s = await statements.get(req.ctx, req.params.month, req.query.product);
      const wantsCsv = req.query.format === 'csv' || (req.query.format === undefined && /text\/csv/.test(req.headers.accept ?? ''));
      if (wantsCsv) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="statement-${s.month}.csv"`)
          .serializer((x: unknown) => x as string)
          .send(statementCsv(s) as never);
      }
      return statementJson(s);
    },
  );

  app.post(
    '/api/v1/statements/:month/close',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['billing'],
        summary:
          'Close (freeze) a month: its statement no longer changes; later lines for it must be corrections. Publishes statement.closed',
        params: statementParams,
        response: { 200: statementOut, ...errors(400, 403, 409) },
      },
    },
    async (req) => statementJson(await statements.close(req.ctx, req.params.month)),
  );
}
