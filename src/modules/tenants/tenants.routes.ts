import { z } from 'zod';
import { errors } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import type { TenantsService } from './tenants.service.ts';

const tenantOut = z
  .object({ name: z.string(), title: z.string(), types: z.array(z.string()), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Tenant' });
const issuedToken = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe('the tenant bearer token; shown only here'),
  createdAt: z.string(),
});
const dimension = z
  .object({ name: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lowercase letters, digits, _'), unit: z.string().min(1).max(32) })
  .strict();
const typeOut = z
  .object({ name: z.string(), tenant: z.string(), title: z.string(), dimensions: z.array(dimension), createdAt: z.string() })
  .meta({ id: 'ResourceType' });
const name = z.string().min(1).max(100);

export function tenantRoutes(app: ZodApp, tenants: TenantsService): void {
  app.get(
    '/api/v1/tenants',
    {
      config: { access: 'authenticated', permission: 'admin (all tenants) or a tenant (itself)' },
      schema: { tags: ['tenants'], summary: 'List tenants', response: { 200: z.object({ items: z.array(tenantOut) }), ...errors(403) } },
    },
    async (req) => ({ items: await tenants.list(req.ctx) }),
  );

  app.post(
    '/api/v1/tenants',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant (resource provider); its first token is in the response, once',
        body: z.object({ name, title: z.string().min(1).max(200).optional() }).strict(),
        response: { 201: z.object({ tenant: tenantOut, token: issuedToken }), ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await tenants.create(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/tenants/:name',
    {
      config: { access: 'authenticated', permission: 'admin, or the tenant itself' },
      schema: { tags: ['tenants'], summary: 'Get a tenant', params: z.object({ name }), response: { 200: tenantOut, ...errors(403, 404) } },
    },
    async (req) => tenants.get(req.ctx, req.params.name),
  );

  app.post(
    '/api/v1/tenants/:name/tokens',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Issue another token for a tenant (rotate: issue, switch, then revoke the old one)',
        params: z.object({ name }),
        body: z.object({ name: z.string().min(1).max(100).default('rotated') }).strict(),
        response: { 201: issuedToken, ...errors(400, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await tenants.issueToken(req.ctx, req.params.name, req.body.name)),
  );

  app.get(
    '/api/v1/resource-types',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: {
        tags: ['tenants'],
        summary: 'List resource types and their capacity dimensions',
        response: { 200: z.object({ items: z.array(typeOut) }), ...errors() },
      },
    },
    async () => ({ items: [...(await tenants.types()).values()] }),
  );

  app.post(
    '/api/v1/resource-types',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['tenants'],
        summary: 'Create a resource type owned by a tenant',
        body: z
          .object({
            name: z.string().min(1).max(32),
            tenant: name,
            title: z.string().min(1).max(200).optional(),
            dimensions: z.array(dimension).max(16).optional().describe('capacity dimensions, e.g. [{"name":"cpu","unit":"cores"}]'),
          })
          .strict(),
        response: { 201: typeOut, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await tenants.createType(req.ctx, req.body)),
  );
}
