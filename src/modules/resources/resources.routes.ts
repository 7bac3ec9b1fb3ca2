import { z } from 'zod';
import { errors, noContent, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { ValidationError } from '../../shared/errors.ts';
import { pageQuery } from '../../shared/pagination.ts';
import { labelFilter } from '../tree/tree.schemas.ts';
import type { ResourceSearchService } from './resource-search.service.ts';
import {
  attachBody,
  attachmentOut,
  detachBody,
  inventoryOut,
  inventoryQuery,
  resourceOut,
  resourceParams,
  upsertBody,
  upsertOut,
  upsertQuery,
} from './resources.schemas.ts';
import type { ResourcesService } from './resources.service.ts';

const OWNER = 'the tenant owning the resource type, or an admin (refusals are audited)';
const READER = 'admin; the owning tenant; users with a role on an app the resource is attached to';

/** A bulk upsert of 10,000 resources is a few MB of JSON. */
const UPSERT_BODY_LIMIT = 64 * 1024 * 1024;

export function resourceRoutes(app: ZodApp, resources: ResourcesService, search: ResourceSearchService): void {
  app.put(
    '/api/v1/resources',
    {
      bodyLimit: UPSERT_BODY_LIMIT,
      config: { access: 'authenticated', permission: `${OWNER}; items of other tenants' types are rejected one by one` },
      schema: {
        tags: ['resources'],
        summary: 'Register or update up to 10,000 resources (atomic per call; bad items rejected, the rest kept)',
        querystring: upsertQuery,
        body: upsertBody,
        response: { 200: upsertOut, ...errors(400, 403, 413) },
      },
    },
    async (req) => {
      if (req.query.mode === 'full' && !req.query.type) {
        throw new ValidationError('type_required', 'mode=full needs type=<resource type>: the call is the whole inventory of that type.', {
          field: 'type',
        });
      }
      return resources.upsert(req.ctx, req.body.items, { full: req.query.mode === 'full' ? req.query.type : undefined });
    },
  );

  app.get(
    '/api/v1/resources',
    {
      config: { access: 'authenticated', permission: `${READER}; each sees only those` },
      schema: {
        tags: ['resources'],
        summary: 'Search resources under a tree node (keyset pagination)',
        querystring: z
          .object({
            scope: z.string().max(200).optional().describe('domain, domain.business or appid: resources attached at or below it'),
            type: z.string().max(32).optional(),
            env: z.string().max(16).optional(),
            tenant: z.string().max(100).optional(),
            label: labelFilter,
            attached: z.enum(['true', 'false']).optional(),
            deleted: z.enum(['true', 'false']).optional().describe('include deleted resources'),
            ...pageQuery,
          })
          .strict(),
        response: { 200: pageOf(resourceOut), ...errors(400, 404) },
      },
    },
    async (req) => {
      const q = req.query;
      return search.list(req.ctx, {
        ...q,
        labels: q.label,
        attached: q.attached === undefined ? undefined : q.attached === 'true',
        deleted: q.deleted === 'true',
      });
    },
  );

  app.get(
    '/api/v1/resources/:type/:externalId',
    {
      config: { access: 'authenticated', permission: READER },
      schema: {
        tags: ['resources'],
        summary: 'Get a resource with its current attachments',
        params: resourceParams,
        response: { 200: resourceOut, ...errors(404) },
      },
    },
    async (req) => resources.get(req.ctx, req.params.type, req.params.externalId),
  );

  app.delete(
    '/api/v1/resources/:type/:externalId',
    {
      config: { access: 'authenticated', permission: OWNER },
      schema: {
        tags: ['resources'],
        summary: 'Delete a resource (detached first; its history stays)',
        params: resourceParams,
        response: { 204: noContent, ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await resources.delete(req.ctx, req.params.type, req.params.externalId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/resources/:type/:externalId/attach',
    {
      config: { access: 'authenticated', permission: OWNER },
      schema: {
        tags: ['resources'],
        summary: 'Attach (挂树) a resource to an app in an environment',
        params: resourceParams,
        body: attachBody,
        response: { 200: resourceOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => resources.attach(req.ctx, req.params.type, req.params.externalId, req.body),
  );

  app.post(
    '/api/v1/resources/:type/:externalId/detach',
    {
      config: { access: 'authenticated', permission: OWNER },
      schema: {
        tags: ['resources'],
        summary: 'Detach (回收) a resource',
        params: resourceParams,
        body: detachBody,
        response: { 200: resourceOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => resources.detach(req.ctx, req.params.type, req.params.externalId, req.body ?? {}),
  );

  app.get(
    '/api/v1/resources/:type/:externalId/history',
    {
      config: { access: 'authenticated', permission: READER },
      schema: {
        tags: ['resources'],
        summary: 'Attachment history with validity intervals [attachedAt, detachedAt); `at=` answers who held it then',
        params: resourceParams,
        querystring: z
          .object({ at: z.string().max(40).optional().describe('ISO-8601: only the attachments valid at that instant') })
          .strict(),
        response: {
          200: z.object({ resource: z.string(), at: z.string().optional(), attachments: z.array(attachmentOut) }),
          ...errors(400, 404),
        },
      },
    },
    async (req) => {
      const { type, externalId } = req.params;
      if (req.query.at) {
        const held = await resources.holdersAt(req.ctx, type, externalId, req.query.at);
        return { resource: held.resource, at: held.at, attachments: held.holders };
      }
      return resources.history(req.ctx, type, externalId);
    },
  );

  app.get(
    '/api/v1/inventory',
    {
      config: { access: 'authenticated', permission: 'any authenticated principal; a tenant sees only its own types' },
      schema: {
        tags: ['resources'],
        summary: 'Inventory statistics (统计): counts and capacity sums under a tree node',
        querystring: inventoryQuery,
        response: { 200: inventoryOut, ...errors(400, 404) },
      },
    },
    async (req) => search.inventory(req.ctx, req.query),
  );
}
