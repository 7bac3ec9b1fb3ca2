import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerConsole } from './console.ts';

const dirs: string[] = [];
const apps: FastifyInstance[] = [];

async function consoleApp(files: Record<string, string> | null): Promise<FastifyInstance> {
  const dist = mkdtempSync(join(tmpdir(), 'appmeta-dist-'));
  dirs.push(dist);
  for (const [name, body] of Object.entries(files ?? {})) {
    mkdirSync(join(dist, name, '..'), { recursive: true });
    writeFileSync(join(dist, name), body);
  }
  const app = Fastify();
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'route_not_found' } }));
  app.get('/api/v1/thing', { config: { access: 'public' } }, async () => ({ ok: true }));
  await registerConsole(app, files ? dist : join(dist, 'missing'));
  apps.push(app);
  return app;
}

afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('console serving', () => {
  it('answers deep links (appids have dots) with index.html, uncached', async () => {
    const app = await consoleApp({ 'index.html': '<!doctype html><div id=root>', 'assets/index-abc123.js': 'console.log(1)' });
    for (const url of ['/', '/apps/trade.order.order-api', '/costs?month=2026-10&path=pay/pay.checkout']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect([res.statusCode, res.body, res.headers['cache-control']], url).toEqual([200, '<!doctype html><div id=root>', 'no-cache']);
    }
  });

  it('serves hashed assets with a long cache and 404s a missing one', async () => {
    const app = await consoleApp({ 'index.html': 'x', 'assets/index-abc123.js': 'console.log(1)' });
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ url: '/assets/gone-000.js', headers: { accept: 'text/html' } })).statusCode).toBe(404);
  });

  it('leaves the API, docs and probes to their own routes and 404s', async () => {
    const app = await consoleApp({ 'index.html': 'x' });
    expect((await app.inject({ url: '/api/v1/thing' })).json()).toEqual({ ok: true });
    const missing = await app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'route_not_found']);
    expect((await app.inject({ url: '/healthz/x', headers: { accept: 'text/html' } })).statusCode).toBe(404);
  });

  it('never serves a file outside the build', async () => {
    const app = await consoleApp({ 'index.html': 'x' });
    const res = await app.inject({ url: '/../../../etc/passwd', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
  });

  it('explains how to build the console when there is no build', async () => {
    const app = await consoleApp(null);
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build:console');
  });
});
