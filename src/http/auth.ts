import type { FastifyInstance } from 'fastify';
import type { RequestContext } from '../modules/auth/principal.ts';
import type { TokensService } from '../modules/auth/tokens.service.ts';
import { AuthenticationError } from '../shared/errors.ts';

/**
 * Every route declares `config.access`: 'public' (health, docs) or 'authenticated'. Fine-grained
 * permissions (admin, node roles, tenant ownership) are decided by the services, and each route
 * states them in `config.permission`, which is also published in the OpenAPI description.
 */
export type RouteAccess = 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    permission?: string;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function registerAuth(app: FastifyInstance, tokens: TokensService): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);

  // A route without a declared access level is a programming error: refuse to start.
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: RouteAccess; permission?: string };
    if (!config.access) {
      if (route.url.startsWith('/docs')) {
        route.config = { ...config, access: 'public' };
        return;
      }
      throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    }
    if (config.permission && route.schema) {
      const schema = route.schema as { description?: string };
      schema.description = `${schema.description ? `${schema.description}\n\n` : ''}**Permission:** ${config.permission}`;
    }
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (access === 'public' || access === undefined) return;
    const header = req.headers.authorization;
    const match = header ? BEARER.exec(header) : null;
    if (!match?.[1]) throw new AuthenticationError();
    const principal = await tokens.verify(match[1]);
    if (!principal) throw new AuthenticationError('The bearer token is unknown, revoked or expired.');
    req.ctx = { principal, requestId: req.id };
  });
}
