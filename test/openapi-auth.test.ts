import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from './dialects.ts';
import { factory, httpApp } from './factories.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD';

interface Operation {
  method: Method;
  /** the OpenAPI path, e.g. `/api/v1/apps/{appid}` */
  path: string;
  /** the same with plausible values for its parameters */
  url: string;
}

/** Plausible values for the path parameters the API uses; other names get a generic one. */
const PARAM_VALUES: Record<string, string> = {
  appid: 'pay.checkout.api',
  key: 'pay.checkout',
  domain: 'pay',
  name: 'alice',
  id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  type: 'mysql',
  externalId: 'db-1',
};

function plausible(name: string): string {
  return PARAM_VALUES[name] ?? (/id$/i.test(name) ? '01ARZ3NDEKTSV4RRFFQ69G5FAV' : 'sample');
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

interface OpenApiDoc {
  openapi: string;
  security?: unknown;
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: Array<{ in: string; name: string }> }>>;
}

function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(plausible(name)));
      ops.push({ method: method.toUpperCase() as Method, path, url });
    }
  }
  return ops;
}

function expect401(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(401);
  if (res.body === '') return; // HEAD carries no body
  const body = res.json();
  expect(body, what).toEqual({
    error: { code: 'unauthenticated', message: expect.any(String) },
    requestId: expect.any(String),
  });
  expect(res.headers['x-request-id'], what).toBe(body.requestId);
}

describeEachDialect('OpenAPI walk: every operation needs a token', (db) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function setup() {
    const f = factory(db());
    const admin = await f.userWithToken('root', { isAdmin: true });
    const revoked = await f.userWithToken('gone', { isAdmin: true });
    app = await httpApp(f);
    // Used once (so it is in the verification cache) and then revoked through the API.
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: revoked.auth })).statusCode).toBe(200);
    const [own] = (await app.inject({ method: 'GET', url: '/api/v1/tokens?user=gone', headers: revoked.auth })).json().items;
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${own.id}`, headers: revoked.auth })).statusCode).toBe(204);
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as OpenApiDoc;
    return { f, app, admin, revoked, doc, ops: operationsOf(doc) };
  }

  async function auditRows(): Promise<number> {
    const row = await db()
      .db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('publishes the API without a token, with a bearer scheme and a 401 response on every operation', async () => {
    const { doc, ops } = await setup();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.security).toEqual([{ bearer: [] }]);
    // Guards against a vacuous walk: the API has about fifty operations today.
    expect(ops.length).toBeGreaterThanOrEqual(40);
    const without401 = ops
      .filter((op) => doc.paths[op.path]?.[op.method.toLowerCase()]?.responses?.['401'] === undefined)
      .map((op) => `${op.method} ${op.path}`);
    expect(without401).toEqual([]);
  });

  it('answers 401 unauthenticated on every documented operation without a token, with a bad token and with a revoked token', async () => {
    const { app, revoked, ops } = await setup();
    const credentials: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['empty bearer', { authorization: 'Bearer ' }],
      ['garbage token', { authorization: 'Bearer amt_thisIsNotATokenThisIsNotATokenThisIsNotA' }],
      ['wrong scheme', { authorization: `Basic ${Buffer.from('root:root').toString('base64')}` }],
      ['revoked token', revoked.auth],
    ];
    const before = await auditRows();
    let visited = 0;
    for (const op of ops) {
      for (const [label, headers] of credentials) {
        const write = op.method === 'POST' || op.method === 'PATCH' || op.method === 'PUT';
        // A body that would pass validation where it can, so only the missing credentials can refuse it.
        const res = await app.inject({ method: op.method, url: op.url, headers, ...(write && { payload: { name: 'walk' } }) });
        expect401(res, `${op.method} ${op.url} with ${label}`);
        visited++;
      }
      if (op.method === 'GET') {
        expect401(await app.inject({ method: 'HEAD', url: op.url }), `HEAD ${op.url} with no token`);
        expect401(await app.inject({ method: 'GET', url: `${op.url}/` }), `GET ${op.url}/ with no token`);
      }
    }
    expect(visited).toBe(ops.length * credentials.length);
    expect(visited).toBeGreaterThanOrEqual(200);
    // Nothing was written by any of the refused requests.
    expect(await auditRows()).toBe(before);
  });

  it('reaches a real route with every walked URL: a valid token is never answered 401 or route_not_found', async () => {
    const { app, admin, ops } = await setup();
    for (const op of ops) {
      const res = await app.inject({
        method: op.method,
        url: op.url,
        headers: admin.auth,
        ...(op.method !== 'GET' && op.method !== 'DELETE' && { payload: {} }),
      });
      expect(res.statusCode, `${op.method} ${op.url}: ${res.body}`).not.toBe(401);
      if (res.statusCode === 404) expect(res.json().error.code, `${op.method} ${op.url}`).not.toBe('route_not_found');
      expect(res.statusCode, `${op.method} ${op.url}: ${res.body}`).toBeLessThan(500);
    }
  });

  it('answers the public routes without a token', async () => {
    const { app } = await setup();
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready', database: db().dialect }]);
    const spec = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().info.title).toBe('appmeta API');
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    const root = await app.inject({ method: 'GET', url: '/' });
    // the console (or, before it is built, a page saying how to build it)
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/html/);
  });

  it('lists no public route in the OpenAPI document', async () => {
    const { doc } = await setup();
    for (const path of ['/healthz', '/readyz', '/api/v1/openapi.json', '/', '/docs']) {
      expect(Object.keys(doc.paths)).not.toContain(path);
    }
  });
});
