import { z } from 'zod';
import { errors, noContent, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { decodeCursor, pageQuery, toPage } from '../../shared/pagination.ts';
import type { FinanceService } from './finance.service.ts';

const orgOut = z
  .object({ name: z.string(), title: z.string(), parent: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Org' });
const productOut = z
  .object({ name: z.string(), title: z.string(), org: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Product' });
const name = z.string().min(1).max(100);
const title = z.string().min(1).max(200);
const ANYONE = 'any authenticated principal';

export function financeRoutes(app: ZodApp, finance: FinanceService): void {
  app.get(
    '/api/v1/orgs',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['finance'],
        summary: 'List orgs (each names its parent)',
        querystring: z.object(pageQuery).strict(),
        response: { 200: pageOf(orgOut), ...errors(400) },
      },
    },
    async (req) => toPage(await finance.listOrgs(decodeCursor(req.query.cursor), req.query.limit), req.query.limit, (o) => o.name),
  );

  app.post(
    '/api/v1/orgs',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['finance'],
        summary: 'Create an org',
        body: z.object({ name, title: title.optional(), parent: name.nullable().optional() }).strict(),
        response: { 201: orgOut, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await finance.createOrg(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/orgs/:name',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: { tags: ['finance'], summary: 'Get an org', params: z.object({ name }), response: { 200: orgOut, ...errors(404) } },
    },
    async (req) => finance.getOrg(req.params.name),
  );

  app.patch(
    '/api/v1/orgs/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['finance'],
        summary: 'Change an org (title, parent)',
        params: z.object({ name }),
        body: z.object({ title: title.optional(), parent: name.nullable().optional() }).strict(),
        response: { 200: orgOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => finance.updateOrg(req.ctx, req.params.name, req.body),
  );

  app.delete(
    '/api/v1/orgs/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['finance'],
        summary: 'Delete an org without children or products',
        params: z.object({ name }),
        response: { 204: noContent, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await finance.deleteOrg(req.ctx, req.params.name);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/products',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['finance'],
        summary: 'List products',
        querystring: z.object({ org: name.optional(), ...pageQuery }).strict(),
        response: { 200: pageOf(productOut), ...errors(400) },
      },
    },
    async (req) =>
      toPage(
        await finance.listProducts({ org: req.query.org, after: decodeCursor(req.query.cursor) }, req.query.limit),
        req.query.limit,
        (p) => p.name,
      ),
  );

  app.post(
    '/api/v1/products',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['finance'],
        summary: 'Create a product',
        body: z.object({ name, title: title.optional(), org: name }).strict(),
        response: { 201: productOut, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await finance.createProduct(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/products/:name',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: { tags: ['finance'], summary: 'Get a product', params: z.object({ name }), response: { 200: productOut, ...errors(404) } },
    },
    async (req) => finance.getProduct(req.params.name),
  );

  app.patch(
    '/api/v1/products/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['finance'],
        summary: 'Change a product (title, org)',
        params: z.object({ name }),
        body: z.object({ title: title.optional(), org: name.optional() }).strict(),
        response: { 200: productOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => finance.updateProduct(req.ctx, req.params.name, req.body),
  );

  app.delete(
    '/api/v1/products/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['finance'],
        summary: 'Delete a product no business names',
        params: z.object({ name }),
        response: { 204: noContent, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await finance.deleteProduct(req.ctx, req.params.name);
      return reply.code(204).send(null);
    },
  );
}
