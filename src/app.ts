import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ping } from './db/dialect.ts';
import { registerAuth } from './http/auth.ts';
import { registerConsole } from './http/console.ts';
import { registerErrorHandling, sendFrameworkError } from './http/error-handler.ts';
import { registerJsonParser } from './http/json-parser.ts';
import { errorBody } from './http/schemas.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { batchRoutes } from './modules/batches/batches.routes.ts';
import { billingRoutes } from './modules/billing/index.ts';
import { environmentRoutes } from './modules/environments/environments.routes.ts';
import { financeRoutes } from './modules/finance/finance.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { resourceRoutes } from './modules/resources/resources.routes.ts';
import { tenantRoutes } from './modules/tenants/tenants.routes.ts';
import { appRoutes } from './modules/tree/apps.routes.ts';
import { nodeRoutes } from './modules/tree/nodes.routes.ts';
import { webhookRoutes } from './modules/webhooks/index.ts';
import type { Services } from './services.ts';
import { ulidGenerator } from './shared/ids.ts';

export interface AppOptions {
  /** pino log level; 'silent' in tests */
  logLevel?: string;
  /** largest request body in bytes (default 1 MiB) */
  bodyLimit?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application. Never listens: the caller (serve, tests, bench) decides. */
export async function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const ids = ulidGenerator();
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    // Clients may pass their own request id for tracing; anything else gets a fresh one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : ids.next();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Requests are not logged one by one (a busy replica would log little else); errors are.
    logController: new LogController({ disableRequestLogging: true }),
    // Errors Fastify raises before routing (a malformed %-escape) get our error body too.
    frameworkErrors: (err, req, reply) => sendFrameworkError(err, req, reply),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerJsonParser(app);
  registerAuth(app, services.tokens);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'appmeta API',
        version: '1.0.0',
        description:
          'The application metadata platform (service tree). Authenticate with `Authorization: Bearer <token>`. ' +
          'Errors are `{ "error": { "code", "message", "details" }, "requestId" }` with stable codes.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { hide: true, response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: errorBody } },
    },
    async (req, reply) => {
      try {
        await ping(services.handle.db);
        return { status: 'ready' as const, database: services.handle.dialect };
      } catch (err) {
        req.log.warn({ err }, 'database not reachable');
        return reply
          .code(503)
          .send({ error: { code: 'database_unavailable', message: 'The database is not reachable.' }, requestId: req.id });
      }
    },
  );
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await registerConsole(app);

  authRoutes(app, services.tokens);
  peopleRoutes(app, services.people);
  financeRoutes(app, services.finance);
  environmentRoutes(app, services.environments);
  nodeRoutes(app, services.nodes);
  appRoutes(app, services.apps);
  auditRoutes(app, services.audit);
  tenantRoutes(app, services.tenants);
  resourceRoutes(app, services.resources, services.resourceSearch);
  batchRoutes(app, services.batches);
  billingRoutes(app, services.bills, services.costs, services.statements);
  webhookRoutes(app, services.webhooks);

  await app.ready();
  return app;
}
