import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase } from '../../test/dialects.ts';
import { type Factory, factory, httpApp } from '../../test/factories.ts';
import type { DbHandle } from '../db/connect.ts';

/**
 * Asserts the one error shape: exactly `{ error: { code, message, details? }, requestId }`, JSON,
 * with the `x-request-id` header equal to `requestId`. Returns the parsed body.
 */
function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string; details?: Record<string, unknown> }; requestId: string };
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  const errorKeys = Object.keys(body.error).sort();
  expect(errorKeys.filter((k) => k !== 'details')).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if ('details' in body.error) {
    expect(typeof body.error.details).toBe('object');
    expect(body.error.details).not.toBeNull();
    expect(Array.isArray(body.error.details)).toBe(false);
  }
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  expect(res.headers['x-request-id']).toBe(body.requestId);
  return body;
}

/** The error shape as a boolean, for collecting every offender before asserting. */
function hasErrorShape(res: LightMyRequestResponse): boolean {
  try {
    const body = res.json();
    const keys = Object.keys(body).sort().join();
    const errorKeys = Object.keys(body.error ?? {})
      .filter((k) => k !== 'details')
      .sort()
      .join();
    return (
      keys === 'error,requestId' &&
      errorKeys === 'code,message' &&
      typeof body.error.code === 'string' &&
      res.headers['x-request-id'] === body.requestId
    );
  } catch {
    return false;
  }
}

describeEachDialect('error model', (db) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function setup(opts: { bodyLimit?: number } = {}) {
    const f = factory(db());
    const admin = await f.userWithToken('root', { isAdmin: true });
    app = await httpApp(f, opts);
    return { f, app, auth: admin.auth };
  }

  it('answers malformed JSON with 400 invalid_json', async () => {
    const { app, auth } = await setup();
    for (const payload of ['{bad', '{"business": "pay.checkout",', '[1,2', '{"a":1}}', 'nul']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/apps',
        headers: { ...auth, 'content-type': 'application/json' },
        payload,
      });
      const body = expectError(res, 400, 'invalid_json');
      expect(body.error.details).toBeUndefined();
    }
  });

  it('answers an empty JSON body with 400 invalid_json', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '',
    });
    expectError(res, 400, 'invalid_json');
  });

  it('refuses a JSON body that sets __proto__ without a 5xx', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"business":"pay.checkout","name":"api","__proto__":{"isAdmin":true}}',
    });
    const code = res.json().error?.code;
    expect(['invalid_json', 'validation_failed']).toContain(code);
    expectError(res, 400, code);
    // The parser must not have polluted Object.prototype.
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers wrong field types with 400 validation_failed naming the field', async () => {
    const { app, auth } = await setup();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/apps', { business: 42, name: 'api' }, 'business'],
      ['POST', '/api/v1/apps', { business: 'pay.checkout', name: ['api'] }, 'name'],
      ['POST', '/api/v1/apps', { business: 'pay.checkout', name: 'api', labels: { team: 7 } }, 'labels.team'],
      [
        'POST',
        '/api/v1/apps',
        { business: 'pay.checkout', name: 'api', runtime: { PROD: { ports: [{ port: 'http', protocol: 'tcp' }] } } },
        'runtime.PROD.ports.0.port',
      ],
      ['POST', '/api/v1/domains', { name: 'pay', people: { owner: 'alice' } }, 'people.owner'],
      ['POST', '/api/v1/users', { name: 'bob', isAdmin: 'yes' }, 'isAdmin'],
      ['POST', '/api/v1/tokens', { user: 'root', expiresAt: 'tomorrow' }, 'expiresAt'],
      ['PATCH', '/api/v1/apps/pay.checkout.api', { level: 'L9' }, 'level'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await app.inject({ method: method as 'POST' | 'PATCH', url, headers: auth, payload: payload as object });
      const body = expectError(res, 400, 'validation_failed');
      expect(body.error.details?.field, `${method} ${url} ${JSON.stringify(payload)}`).toBe(field);
      expect(body.error.message).toContain(`"${field}"`);
      const issues = body.error.details?.issues as Array<{ in: string; field: string; message: string }>;
      expect(issues[0]).toMatchObject({ in: 'body', field });
    }
  });

  it('answers a missing required field with 400 validation_failed naming it', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/v1/apps', headers: auth, payload: { name: 'api' } });
    const body = expectError(res, 400, 'validation_failed');
    expect(body.error.details?.field).toBe('business');
  });

  it('refuses unknown body fields (strict bodies) naming the unknown key', async () => {
    const { app, auth } = await setup();
    const cases: Array<[string, string, object, string]> = [
      ['POST', '/api/v1/apps', { business: 'pay.checkout', name: 'api', owner: 'alice' }, 'owner'],
      ['PATCH', '/api/v1/apps/pay.checkout.api', { title: 'x', isAdmin: true }, 'isAdmin'],
      ['PATCH', '/api/v1/apps/pay.checkout.api', { people: { owner: ['root'], admins: ['root'] } }, 'people.admins'],
      ['POST', '/api/v1/domains', { name: 'pay', parent: 'x' }, 'parent'],
      ['POST', '/api/v1/tokens', { user: 'root', scope: 'all' }, 'scope'],
      ['POST', '/api/v1/users', { name: 'bob', role: 'admin' }, 'role'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await app.inject({ method: method as 'POST' | 'PATCH', url, headers: auth, payload });
      const body = expectError(res, 400, 'validation_failed');
      expect(body.error.details?.field, `${method} ${url}`).toBe(field);
      expect(body.error.message).toContain(field.split('.').pop());
    }
  });

  it('refuses unknown query parameters naming them', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/v1/domains?limit=5&sort=name', headers: auth });
    const body = expectError(res, 400, 'validation_failed');
    expect(body.error.details?.field).toBe('sort');
    expect(body.error.details?.issues).toEqual([expect.objectContaining({ in: 'querystring', field: 'sort' })]);
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const { app, auth } = await setup({ bodyLimit: 2048 });
    const before = await countAudit(db());
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: auth,
      payload: { business: 'pay.checkout', name: 'api', description: 'x'.repeat(10_000) },
    });
    expectError(res, 413, 'payload_too_large');
    expect(await countAudit(db())).toBe(before);
  });

  it('accepts a body just under the limit', async () => {
    const { app, auth } = await setup({ bodyLimit: 2048 });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/domains',
      headers: auth,
      payload: { name: 'pay', description: 'x'.repeat(1500) },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('answers an unknown route with 404 route_not_found', async () => {
    const { app, auth } = await setup();
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/apps'],
      ['PUT', '/api/v1/apps/pay.checkout.api'],
      ['POST', '/api/v1/tree'],
    ] as const) {
      const res = await app.inject({ method, url, headers: auth });
      const body = expectError(res, 404, 'route_not_found');
      expect(body.error.message).toContain(url);
    }
  });

  it('answers a bad limit with 400 validation_failed naming limit', async () => {
    const { app, auth } = await setup();
    for (const url of [
      '/api/v1/domains?limit=0',
      '/api/v1/domains?limit=abc',
      '/api/v1/domains?limit=1001',
      '/api/v1/domains?limit=2.5',
      '/api/v1/apps?limit=-1',
      '/api/v1/users?limit=',
      '/api/v1/audit?limit=0',
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: auth });
      const body = expectError(res, 400, 'validation_failed');
      expect(body.error.details?.field, url).toBe('limit');
    }
  });

  it('answers a forged cursor with 400 invalid_cursor on every paginated list', async () => {
    const { app, auth } = await setup();
    for (const path of [
      '/api/v1/domains',
      '/api/v1/businesses',
      '/api/v1/apps',
      '/api/v1/users',
      '/api/v1/teams',
      '/api/v1/orgs',
      '/api/v1/products',
      '/api/v1/audit',
    ]) {
      const res = await app.inject({ method: 'GET', url: `${path}?cursor=zzz`, headers: auth });
      const body = expectError(res, 400, 'invalid_cursor');
      expect(body.error.details, path).toEqual({ field: 'cursor' });
    }
  });

  it('answers an invalid appid in the path with 400 invalid_appid', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/v1/apps/Not.Valid', headers: auth });
    const body = expectError(res, 400, 'invalid_appid');
    expect(body.error.details).toEqual({ field: 'appid', value: 'Not.Valid' });
  });

  it('answers a bad appid segment in the path with 400 naming the segment and rule', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/v1/apps/pay.Checkout.api', headers: auth });
    const body = expectError(res, 400, 'invalid_name');
    expect(body.error.details).toMatchObject({ field: 'appid (business segment)', value: 'Checkout', rule: 'pattern' });
  });

  it('answers a bad business key with 400 invalid_business_key', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/v1/businesses/pay', headers: auth });
    const body = expectError(res, 400, 'invalid_business_key');
    expect(body.error.details).toEqual({ field: 'business', value: 'pay' });
  });

  it('answers an unknown app with 404 app_not_found', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/v1/apps/pay.checkout.api', headers: auth });
    const body = expectError(res, 404, 'app_not_found');
    expect(body.error.details).toEqual({ appid: 'pay.checkout.api' });
  });

  it('answers a body of the wrong media type with 415 unsupported_media_type', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: { ...auth, 'content-type': 'application/xml' },
      payload: '<app/>',
    });
    expectError(res, 415, 'unsupported_media_type');
  });

  it('echoes a valid client x-request-id in the header and the error body', async () => {
    const { app, auth } = await setup();
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/apps/pay.checkout.api',
      headers: { ...auth, 'x-request-id': 'trace-42.a_b' },
    });
    const body = expectError(res, 404, 'app_not_found');
    expect(body.requestId).toBe('trace-42.a_b');
    const ok = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...auth, 'x-request-id': 'trace-43' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-request-id']).toBe('trace-43');
  });

  it('replaces an unsafe or oversized client x-request-id with a fresh ULID', async () => {
    const { app, auth } = await setup();
    for (const given of ['has space', 'a'.repeat(65), 'semi;colon', 'new\\nline', '']) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/apps/pay.checkout.api',
        headers: { ...auth, 'x-request-id': given },
      });
      const body = expectError(res, 404, 'app_not_found');
      expect(body.requestId).not.toBe(given);
      expect(body.requestId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    }
  });

  it('writes the request id into the audit rows of the change it made', async () => {
    const { f, app, auth } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/domains',
      headers: { ...auth, 'x-request-id': 'req-audit-1' },
      payload: { name: 'pay' },
    });
    expect(res.statusCode).toBe(201);
    const row = await f.s.deps.db
      .selectFrom('audit_log')
      .select(['request_id', 'actor'])
      .where('entity_type', '=', 'domain')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ request_id: 'req-audit-1', actor: 'user:root' });
  });

  it('answers a malformed percent-encoding in the path with 400 in the error shape', async () => {
    const { app, auth } = await setup();
    for (const url of ['/api/v1/users/%', '/api/v1/users/%E9', '/api/v1/apps/pay.checkout.%ZZ']) {
      const res = await app.inject({ method: 'GET', url, headers: { ...auth, 'x-request-id': 'bad-url-1' } });
      const body = expectError(res, 400, 'invalid_url');
      expect(body.requestId).toBe('bad-url-1');
    }
  });

  it('never answers NUL bytes or odd characters in paths and queries with a 5xx', async () => {
    const { app, auth } = await setup();
    const urls = [
      '/api/v1/users/a%00b',
      '/api/v1/teams/a%00b',
      '/api/v1/orgs/a%00b',
      '/api/v1/products/a%00b',
      '/api/v1/environments/A%00B',
      '/api/v1/domains/a%00b',
      '/api/v1/businesses/a%00b.cd',
      '/api/v1/apps/a%00b.cd.ef',
      '/api/v1/apps?q=a%00b',
      '/api/v1/apps?person=a%00b',
      '/api/v1/apps?domain=a%00b',
      '/api/v1/apps?label=k%3Dv%00',
      '/api/v1/users?q=%00',
      '/api/v1/products?org=a%00b',
      '/api/v1/businesses?domain=a%00b',
      '/api/v1/audit?entity=app%3Aa%00b',
      '/api/v1/audit?actor=user%3A%00',
      '/api/v1/tokens?user=a%00b',
      '/api/v1/users/%F0%9F%98%80',
    ];
    const wrong: string[] = [];
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url, headers: auth });
      if (res.statusCode >= 500 || (res.statusCode >= 400 && !hasErrorShape(res))) {
        wrong.push(`GET ${url} → ${res.statusCode} ${res.body}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never answers NUL bytes in JSON bodies with a 5xx', async () => {
    const { f, app, auth } = await setup();
    await f.org('acme');
    const bodies: Array<[string, string, object]> = [
      ['POST', '/api/v1/users', { name: 'bob', displayName: 'B\u0000b' }],
      ['POST', '/api/v1/teams', { name: 'crew', title: 'C\u0000' }],
      ['POST', '/api/v1/orgs', { name: 'a\u0000b' }],
      ['POST', '/api/v1/products', { name: 'shop', org: 'ac\u0000me' }],
      ['POST', '/api/v1/domains', { name: 'pay', title: 'P\u0000y' }],
      ['POST', '/api/v1/tokens', { user: 'root', name: 'n\u0000' }],
      ['POST', '/api/v1/environments', { name: 'DEV', title: 'D\u0000' }],
    ];
    const wrong: string[] = [];
    for (const [method, url, payload] of bodies) {
      const res = await app.inject({ method: method as 'POST', url, headers: auth, payload });
      if (res.statusCode >= 500 || (res.statusCode >= 400 && !hasErrorShape(res))) {
        wrong.push(`${method} ${url} → ${res.statusCode} ${res.body}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

async function countAudit(handle: DbHandle): Promise<number> {
  const row = await handle.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Fuzzing runs on SQLite only: it exercises the HTTP edge (parsing, validation, error mapping), which is
 * the same code on both databases, and a few hundred requests per property would multiply the suite's
 * time on PostgreSQL for little extra coverage. The NUL-byte tests above cover what differs by database.
 */
describe('error model fuzzing [sqlite]', () => {
  let handle: DbHandle | undefined;
  let app: FastifyInstance | undefined;
  let f: Factory;
  let auth: { authorization: string };

  afterEach(async () => {
    await app?.close();
    await handle?.close();
    app = undefined;
    handle = undefined;
  });

  async function setup() {
    handle = await freshDatabase('sqlite');
    f = factory(handle);
    auth = (await f.userWithToken('root', { isAdmin: true })).auth;
    // Something to find: random appids now and then name a real business.
    await f.app({ business: (await f.business({ domain: (await f.domain('pay')).name, name: 'checkout' })).key, name: 'api' });
    app = await httpApp(f);
    return app;
  }

  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  const appBody = fc.oneof(
    jsonValue,
    fc.record(
      {
        business: fc.oneof(fc.constantFrom('pay.checkout', 'pay.nope', 'Pay.checkout', 'pay'), fc.string(), jsonValue),
        name: fc.oneof(fc.constantFrom('web', 'api', 'a', 'x-y', 'Web'), fc.string(), jsonValue),
        title: fc.oneof(fc.string(), jsonValue),
        level: fc.oneof(fc.constantFrom('L0', 'L3', 'L4'), jsonValue),
        labels: fc.oneof(fc.dictionary(fc.string(), fc.string()), jsonValue),
        runtime: fc.oneof(fc.dictionary(fc.constantFrom('PROD', 'DEV', 'prod'), jsonValue), jsonValue),
        people: fc.oneof(fc.record({ owner: fc.array(fc.constantFrom('root', 'ghost', 'team:x', 'Bad Name')) }), jsonValue),
        extra: jsonValue,
      },
      { requiredKeys: [] },
    ),
  );

  it('never answers a random JSON body to POST /api/v1/apps with a 5xx, and always in the error shape', async () => {
    const app = await setup();
    await fc.assert(
      fc.asyncProperty(appBody, async (body) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/apps',
          headers: { ...auth, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectError(res, res.statusCode, res.json().error.code);
      }),
      { numRuns: 200 },
    );
  });

  it('never answers a random appid in the path with a 5xx', async () => {
    const app = await setup();
    const appid = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...'abc.-Z9%/ \u0000é'), maxLength: 40 }),
      fc.tuple(fc.string(), fc.string(), fc.string()).map((parts) => parts.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(appid, fc.constantFrom('GET', 'PATCH', 'DELETE'), async (id, method) => {
        let encoded: string;
        try {
          encoded = encodeURIComponent(id);
        } catch {
          return; // a lone surrogate cannot be put in a URL at all
        }
        const res = await app.inject({
          method: method as 'GET',
          url: `/api/v1/apps/${encoded}`,
          headers: auth,
          ...(method === 'PATCH' && { payload: { title: 'x' } }),
        });
        expect(res.statusCode, `${method} ${JSON.stringify(id)} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectError(res, res.statusCode, res.json().error.code);
      }),
      { numRuns: 200 },
    );
  });

  it('never answers a raw, unencoded random path with a 5xx', async () => {
    const app = await setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...'ab%./?&=#;\\é0'), maxLength: 30 }), async (tail) => {
        const res = await app.inject({ method: 'GET', url: `/api/v1/apps/${tail}`, headers: auth });
        expect(res.statusCode, `${JSON.stringify(tail)} → ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
