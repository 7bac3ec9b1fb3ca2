import { z } from 'zod';
import { errors, noContent, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { decodeCursor, pageQuery, toPage } from '../../shared/pagination.ts';
import type { PeopleService } from './people.service.ts';

const userOut = z
  .object({
    name: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    isAdmin: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });
const teamOut = z
  .object({ name: z.string(), title: z.string(), members: z.array(z.string()), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'Team' });
const userName = z.string().min(1).max(64);
const members = z.array(userName).max(1000).describe('user names; a write replaces the member list');
const ANYONE = 'any authenticated principal';

export function peopleRoutes(app: ZodApp, people: PeopleService): void {
  app.get(
    '/api/v1/users',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['people'],
        summary: 'List users',
        querystring: z.object({ q: z.string().max(100).optional(), ...pageQuery }).strict(),
        response: { 200: pageOf(userOut), ...errors(400) },
      },
    },
    async (req) =>
      toPage(await people.listUsers(decodeCursor(req.query.cursor), req.query.limit, req.query.q), req.query.limit, (u) => u.name),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Create a user',
        body: z
          .object({
            name: userName,
            displayName: z.string().min(1).max(200).optional(),
            email: z.email().nullable().optional(),
            isAdmin: z.boolean().optional(),
          })
          .strict(),
        response: { 201: userOut, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await people.createUser(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/users/:name',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: { tags: ['people'], summary: 'Get a user', params: z.object({ name: userName }), response: { 200: userOut, ...errors(404) } },
    },
    async (req) => people.getUser(req.params.name),
  );

  app.patch(
    '/api/v1/users/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Change a user',
        params: z.object({ name: userName }),
        body: z
          .object({
            displayName: z.string().min(1).max(200).optional(),
            email: z.email().nullable().optional(),
            isAdmin: z.boolean().optional(),
          })
          .strict(),
        response: { 200: userOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => people.updateUser(req.ctx, req.params.name, req.body),
  );

  app.delete(
    '/api/v1/users/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Delete a user and revoke their tokens',
        params: z.object({ name: userName }),
        response: { 204: noContent, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await people.deleteUser(req.ctx, req.params.name);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/teams',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['people'],
        summary: 'List teams',
        querystring: z.object(pageQuery).strict(),
        response: { 200: pageOf(teamOut), ...errors(400) },
      },
    },
    async (req) => toPage(await people.listTeams(decodeCursor(req.query.cursor), req.query.limit), req.query.limit, (t) => t.name),
  );

  app.post(
    '/api/v1/teams',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Create a team',
        body: z
          .object({ name: z.string().min(1).max(100), title: z.string().min(1).max(200).optional(), members: members.optional() })
          .strict(),
        response: { 201: teamOut, ...errors(400, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await people.createTeam(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/teams/:name',
    {
      config: { access: 'authenticated', permission: ANYONE },
      schema: {
        tags: ['people'],
        summary: 'Get a team',
        params: z.object({ name: z.string().max(100) }),
        response: { 200: teamOut, ...errors(404) },
      },
    },
    async (req) => people.getTeam(req.params.name),
  );

  app.patch(
    '/api/v1/teams/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Change a team (title, members)',
        params: z.object({ name: z.string().max(100) }),
        body: z.object({ title: z.string().min(1).max(200).optional(), members: members.optional() }).strict(),
        response: { 200: teamOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => people.updateTeam(req.ctx, req.params.name, req.body),
  );

  app.delete(
    '/api/v1/teams/:name',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['people'],
        summary: 'Delete a team (its role bindings go with it)',
        params: z.object({ name: z.string().max(100) }),
        response: { 204: noContent, ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await people.deleteTeam(req.ctx, req.params.name);
      return reply.code(204).send(null);
    },
  );
}
