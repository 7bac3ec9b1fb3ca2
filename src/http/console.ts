import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** web/dist, next to src/ in the package. */
export const CONSOLE_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Paths the console never answers: they belong to the API, its docs and the probes. */
const NOT_CONSOLE = /^\/(api|docs|healthz|readyz)(\/|$|\?)/;

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>appmeta</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>appmeta</h1>
<p>The web console has not been built yet. Build it with <code>npm run build:console</code>
(or start the server with <code>npm start</code>, which builds it when needed), then reload this page.</p>
<p>The API works without it: <a href="/docs">interactive API docs</a>, <a href="/api/v1/openapi.json">OpenAPI document</a>.</p>
</body></html>
`;

function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}

/**
 * Serves the built console (web/dist) at `/`: files as they are (hashed assets cached for a year),
 * and index.html for any other GET that accepts HTML so deep links work (SPA fallback). The API,
 * docs and probes keep their own 404s. Without a build, `/` explains how to make one.
 */
export async function registerConsole(app: FastifyInstance, dist: string = CONSOLE_DIST): Promise<void> {
  // .br/.gz siblings written by scripts/build-console.mjs are sent to clients that accept them.
  await app.register(fastifyStatic, { root: dist, serve: false, preCompressed: true });

  const sendIndex = (reply: FastifyReply) => {
    if (!existsSync(resolve(dist, 'index.html'))) return reply.type('text/html; charset=utf-8').send(MISSING_BUILD);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', dist, { cacheControl: false });
  };

  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (NOT_CONSOLE.test(path)) return reply.callNotFound();
    if (path !== '/' && !path.endsWith('/')) {
      const file = resolve(dist, `.${path}`);
      // resolve() removes `..`: anything that lands outside dist is not ours to serve.
      if (file.startsWith(dist + sep) && existsSync(file) && statSync(file).isFile()) {
        const hashed = path.startsWith('/assets/');
        return reply
          .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
          .sendFile(path.slice(1), dist, { cacheControl: false });
      }
    }
    // appids contain dots, so a dot does not mean a file: only a missing asset is a 404.
    if (!acceptsHtml(req) || path.startsWith('/assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}
