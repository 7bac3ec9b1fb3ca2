import { z } from 'zod';
import { errors, noContent } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import type { EnvironmentsService } from './environments.service.ts';

const envOut = z.object({ name: z.string(), title: z.string(), position: z.number(), builtIn: z.boolean() }).meta({ id: 'Environment' });
const envName = z.string().min(1).max(16);

export function environmentRoutes(app: ZodApp, envs: EnvironmentsService): void {
  app.get(
    '/api/v1/environments',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: {
        tags: ['environments'],
        summary: 'List environments in display order',
        response: { 200: z.object({ items: z.array(envOut) }), ...errors() },
      },
    },
    async () => ({ items: await envs.list() }),
  );

  app.post(
    '/api/v1/environments',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['environments'],
        summary: 'Add an environment',
        body: z
          .object({ name: envName, title: z.string().min(1).max(100).optional(), position: z.number().int().min(0).max(100000).optional() })
          .strict(),
        response: { 201: envOut, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await envs.create(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/environments/:name',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: {
        tags: ['environments'],
        summary: 'Get an environment',
        params: z.object({ name: envName }),
        response: { 200: envOut, ...errors(404) },
      },
    },
    async (req) => envs.get(req.params.name),
  );

  app.patch(
    '/api/v1/environments/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['environments'],
        summary: 'Change an environment (title, position)',
        params: z.object({ name: envName }),
        body: z.object({ title: z.string().min(1).max(100).optional(), position: z.number().int().min(0).max(100000).optional() }).strict(),
        response: { 200: envOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => envs.update(req.ctx, req.params.name, req.body),
  );

  app.delete(
    '/api/v1/environments/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['environments'],
        summary: 'Delete an environment no app uses (built-ins stay)',
        params: z.object({ name: envName }),
        response: { 204: noContent, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await envs.delete(req.ctx, req.params.name);
      return reply.code(204).send(null);
    },
  );
}
