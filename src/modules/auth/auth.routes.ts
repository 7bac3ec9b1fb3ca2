import { z } from 'zod';
import { errors, noContent } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import type { TokensService } from './tokens.service.ts';

const tokenOut = z
  .object({
    id: z.string(),
    name: z.string(),
    principalType: z.string(),
    principal: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Token' });

const meOut = z
  .object({
    kind: z.enum(['user', 'tenant', 'system']),
    name: z.string(),
    isAdmin: z.boolean(),
    teams: z.array(z.string()),
  })
  .meta({ id: 'Me' });

export function authRoutes(app: ZodApp, tokens: TokensService): void {
  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: { tags: ['auth'], summary: 'Who am I', response: { 200: meOut, ...errors() } },
    },
    async (req) => {
      const p = req.ctx.principal;
      if (p.kind === 'user') return { kind: p.kind, name: p.name, isAdmin: p.isAdmin, teams: [...p.teams] };
      if (p.kind === 'tenant') return { kind: p.kind, name: p.name, isAdmin: false, teams: [] };
      return { kind: p.kind, name: 'system', isAdmin: true, teams: [] };
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'authenticated', permission: 'admin (all tokens) or a user (their own)' },
      schema: {
        tags: ['auth'],
        summary: 'List tokens (never the secret)',
        querystring: z.object({ user: z.string().max(64).optional() }).strict(),
        response: { 200: z.object({ items: z.array(tokenOut) }), ...errors(400, 403) },
      },
    },
    async (req) => ({ items: await tokens.list(req.ctx, req.query) }),
  );

  app.post(
    '/api/v1/tokens',
    {
      config: { access: 'authenticated', permission: 'admin (for any user) or a user (for themselves)' },
      schema: {
        tags: ['auth'],
        summary: 'Issue a token for a user; the token is shown in this response only',
        body: z
          .object({
            user: z.string().min(1).max(64),
            name: z.string().min(1).max(100).default('api'),
            expiresAt: z.iso.datetime().nullable().optional(),
          })
          .strict(),
        response: {
          201: tokenOut.extend({ token: z.string().describe('the bearer token; store it now, it cannot be shown again') }),
          ...errors(400, 403, 404),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await tokens.issueForUser(req.ctx, req.body)),
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { access: 'authenticated', permission: 'admin, or the user the token belongs to' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a token',
        params: z.object({ id: z.string().max(64) }),
        response: { 204: noContent, ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await tokens.revoke(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
