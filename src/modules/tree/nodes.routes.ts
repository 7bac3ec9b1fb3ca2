import { z } from 'zod';
import { errors, noContent, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { decodeCursor, pageQuery, toPage } from '../../shared/pagination.ts';
import type { NodesService } from './nodes.service.ts';
import {
  businessBody,
  businessOut,
  domainBody,
  domainOut,
  moveBusinessBody,
  renameDomainBody,
  updateBusinessBody,
  updateDomainBody,
} from './tree.schemas.ts';

const domainParam = z.object({ domain: z.string().max(100) });
const businessParam = z.object({ key: z.string().max(200).describe('`domain.business`, or an old key') });
const ANYONE = 'any authenticated principal';
const requestedAs = { requestedAs: z.string().nullable().describe('the old key asked for, when reached through an alias') };

export function nodeRoutes(app: ZodApp, nodes: NodesService): void {
  app.get(
    '/api/v1/domains',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['domains'],
        summary: 'List domains',
        querystring: z.object(pageQuery).strict(),
        response: { 200: pageOf(domainOut), ...errors(400) },
      },
    },
    async (req) => toPage(await nodes.listDomains(decodeCursor(req.query.cursor), req.query.limit), req.query.limit, (d) => d.name),
  );

  app.post(
    '/api/v1/domains',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: { tags: ['domains'], summary: 'Create a domain', body: domainBody, response: { 201: domainOut, ...errors(400, 403, 409) } },
    },
    async (req, reply) => reply.code(201).send(await nodes.createDomain(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/domains/:domain',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['domains'],
        summary: 'Get a domain (old names resolve)',
        params: domainParam,
        response: { 200: domainOut.extend(requestedAs), ...errors(404) },
      },
    },
    async (req) => nodes.getDomain(req.params.domain),
  );

  app.patch(
    '/api/v1/domains/:domain',
    {
      config: { access: 'authenticated', permission: 'owner, developer or sre of the domain; people: owner (admins always)' },
      schema: {
        tags: ['domains'],
        summary: 'Change a domain',
        params: domainParam,
        body: updateDomainBody,
        response: { 200: domainOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => nodes.updateDomain(req.ctx, req.params.domain, req.body),
  );

  app.post(
    '/api/v1/domains/:domain/rename',
    {
      config: { access: 'authenticated', permission: 'owner of the domain (admins always)' },
      schema: {
        tags: ['domains'],
        summary: 'Rename a domain (every appid below changes; old ones keep resolving)',
        params: domainParam,
        body: renameDomainBody,
        response: { 200: domainOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => nodes.renameDomain(req.ctx, req.params.domain, req.body.name),
  );

  app.delete(
    '/api/v1/domains/:domain',
    {
      config: { access: 'authenticated', permission: 'owner of the domain (admins always)' },
      schema: {
        tags: ['domains'],
        summary: 'Delete an empty domain',
        params: domainParam,
        response: { 204: noContent, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await nodes.deleteDomain(req.ctx, req.params.domain);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/businesses',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['businesses'],
        summary: 'List businesses',
        querystring: z.object({ domain: z.string().max(100).optional(), product: z.string().max(100).optional(), ...pageQuery }).strict(),
        response: { 200: pageOf(businessOut), ...errors(400, 404) },
      },
    },
    async (req) =>
      toPage(
        await nodes.listBusinesses({ ...req.query, after: decodeCursor(req.query.cursor) }, req.query.limit),
        req.query.limit,
        (b) => b.key,
      ),
  );

  app.post(
    '/api/v1/businesses',
    {
      config: { access: 'authenticated', permission: 'owner, developer or sre of the domain (admins always)' },
      schema: {
        tags: ['businesses'],
        summary: 'Create a business',
        body: businessBody,
        response: { 201: businessOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await nodes.createBusiness(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/businesses/:key',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['businesses'],
        summary: 'Get a business (old keys resolve)',
        params: businessParam,
        response: { 200: businessOut.extend(requestedAs), ...errors(400, 404) },
      },
    },
    async (req) => nodes.getBusiness(req.params.key),
  );

  app.patch(
    '/api/v1/businesses/:key',
    {
      config: {
        access: 'authenticated',
        permission: 'owner, developer or sre of the business or its domain; people: owner (admins always)',
      },
      schema: {
        tags: ['businesses'],
        summary: 'Change a business',
        params: businessParam,
        body: updateBusinessBody,
        response: { 200: businessOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => nodes.updateBusiness(req.ctx, req.params.key, req.body),
  );

  app.post(
    '/api/v1/businesses/:key/move',
    {
      config: {
        access: 'authenticated',
        permission: 'owner of the business or its domain, and owner, developer or sre of the target domain (admins always)',
      },
      schema: {
        tags: ['businesses'],
        summary: 'Move a business to another domain and/or rename it (appids below change; old ones keep resolving)',
        params: businessParam,
        body: moveBusinessBody,
        response: { 200: businessOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => nodes.moveBusiness(req.ctx, req.params.key, req.body),
  );

  app.delete(
    '/api/v1/businesses/:key',
    {
      config: { access: 'authenticated', permission: 'owner of the business or its domain (admins always)' },
      schema: {
        tags: ['businesses'],
        summary: 'Delete a business without apps',
        params: businessParam,
        response: { 204: noContent, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await nodes.deleteBusiness(req.ctx, req.params.key);
      return reply.code(204).send(null);
    },
  );
}
