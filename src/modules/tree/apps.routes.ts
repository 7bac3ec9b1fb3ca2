import { z } from 'zod';
import { errors, noContent, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { pageQuery } from '../../shared/pagination.ts';
import type { AppsService } from './apps.service.ts';
import { appOut, createAppBody, labelFilter, moveAppBody, resolvedAppOut, treeOut, updateAppBody } from './tree.schemas.ts';

const appidParam = z.object({ appid: z.string().max(200).describe('`domain.business.app`, or an old appid') });
const EDIT = 'owner, developer or sre of the app or of its business or domain (admins always)';
const MANAGE = 'owner of the app or of its business or domain (admins always)';

export function appRoutes(app: ZodApp, apps: AppsService): void {
  app.get(
    '/api/v1/tree',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: {
        tags: ['tree'],
        summary: 'The whole business-line tree',
        description: 'Domains → businesses → apps with counts, in one response. `apps=false` leaves out the apps (counts only).',
        querystring: z.object({ apps: z.enum(['true', 'false']).default('true') }).strict(),
        response: { 200: treeOut, ...errors(400) },
      },
    },
    // Sent as cached JSON text: the schema documents the shape, the text is built once per tree change.
    async (req, reply) => {
      const json = await apps.treeJson(req.query.apps === 'true');
      // A string with a JSON content type is sent as is; the typed reply only knows the object shape.
      return reply.type('application/json').send(json as unknown as z.infer<typeof treeOut>);
    },
  );

  app.get(
    '/api/v1/apps',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: {
        tags: ['apps'],
        summary: 'List apps (keyset pagination by appid)',
        querystring: z
          .object({
            domain: z.string().max(100).optional(),
            business: z.string().max(200).optional().describe('`domain.business`'),
            q: z.string().max(200).optional().describe('substring of appid or title, case-insensitive'),
            label: labelFilter,
            person: z
              .string()
              .max(100)
              .optional()
              .describe('apps where this user (or one of their teams) has a role, directly or inherited'),
            ...pageQuery,
          })
          .strict(),
        response: { 200: pageOf(appOut), ...errors(400, 404) },
      },
    },
    async (req) => apps.list({ ...req.query, labels: req.query.label }),
  );

  app.post(
    '/api/v1/apps',
    {
      config: { access: 'authenticated', permission: 'owner, developer or sre of the business or its domain (admins always)' },
      schema: { tags: ['apps'], summary: 'Create an app', body: createAppBody, response: { 201: appOut, ...errors(400, 403, 404, 409) } },
    },
    async (req, reply) => reply.code(201).send(await apps.create(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/apps/:appid',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal' },
      schema: {
        tags: ['apps'],
        summary: 'Get an app by appid (old appids resolve, marked by `requestedAs`)',
        params: appidParam,
        response: { 200: resolvedAppOut, ...errors(400, 404) },
      },
    },
    // Cached JSON text, sent as is (see AppsService.getJson); the schema documents its shape.
    async (req, reply) =>
      reply.type('application/json').send((await apps.getJson(req.params.appid)) as unknown as z.infer<typeof resolvedAppOut>),
  );

  app.patch(
    '/api/v1/apps/:appid',
    {
      config: { access: 'authenticated', permission: `${EDIT}; changing people needs: ${MANAGE}` },
      schema: {
        tags: ['apps'],
        summary: 'Change an app',
        params: appidParam,
        body: updateAppBody,
        response: { 200: appOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => apps.update(req.ctx, req.params.appid, req.body),
  );

  app.post(
    '/api/v1/apps/:appid/move',
    {
      config: { access: 'authenticated', permission: `${MANAGE}, and owner, developer or sre of the target business` },
      schema: {
        tags: ['apps'],
        summary: 'Move an app to another business and/or rename it (the old appid keeps resolving)',
        params: appidParam,
        body: moveAppBody,
        response: { 200: appOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => apps.move(req.ctx, req.params.appid, req.body),
  );

  app.delete(
    '/api/v1/apps/:appid',
    {
      config: { access: 'authenticated', permission: MANAGE },
      schema: { tags: ['apps'], summary: 'Delete an app', params: appidParam, response: { 204: noContent, ...errors(400, 403, 404) } },
    },
    async (req, reply) => {
      await apps.delete(req.ctx, req.params.appid);
      return reply.code(204).send(null);
    },
  );
}
