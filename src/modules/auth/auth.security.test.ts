import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { factory, httpApp } from '../../../test/factories.ts';
import type { DbHandle } from '../../db/connect.ts';
import { fixedClock } from '../../shared/clock.ts';
import { bootstrapAdmin } from './bootstrap.ts';
import { systemContext } from './principal.ts';

const TOKEN = /^amt_[A-Za-z0-9_-]{43}$/;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
  expect(body.error.code).toBe(code);
  expect(res.headers['x-request-id']).toBe(body.requestId);
  return body as { error: { code: string; message: string; details?: Record<string, unknown> }; requestId: string };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every table of the database (not just the ones the schema type knows), with all its rows. */
async function dumpAllTables(handle: DbHandle): Promise<Record<string, unknown[]>> {
  const tables =
    handle.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(handle.db)).rows
      : (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(handle.db)
        ).rows;
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    out[name] = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.db)).rows;
  }
  return out;
}

/** The tables (and columns) in which `needle` occurs in any value, JSON included. */
async function whereFound(handle: DbHandle, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const [table, rows] of Object.entries(await dumpAllTables(handle))) {
    for (const row of rows as Array<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
        if (text.includes(needle)) found.push(`${table}.${column}`);
      }
    }
  }
  return found;
}

async function count(handle: DbHandle, table: 'tokens' | 'audit_log' | 'users' | 'outbox_events'): Promise<number> {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDialect('auth: tokens', (db) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function setup(opts: { clock?: ReturnType<typeof fixedClock> } = {}) {
    const f = factory(db(), { clock: opts.clock });
    const root = await f.userWithToken('root', { isAdmin: true });
    const bob = await f.userWithToken('bob');
    const carol = await f.userWithToken('carol');
    app = await httpApp(f);
    return { f, app, root, bob, carol };
  }

  it('stores only the sha256 of a token: the token string appears in no column of any table', async () => {
    const { app, root, bob } = await setup();
    const issued = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root.auth, payload: { user: 'bob', name: 'ci' } });
    expect(issued.statusCode).toBe(201);
    const token = issued.json().token as string;
    // Use the tokens for some writes, so audit rows and outbox events carry their request ids.
    expect((await app.inject({ method: 'POST', url: '/api/v1/domains', headers: root.auth, payload: { name: 'pay' } })).statusCode).toBe(
      201,
    );
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${issued.json().id}`, headers: bearer(token) })).statusCode).toBe(
      204,
    );

    for (const t of [token, root.token, bob.token]) {
      expect(await whereFound(db(), t)).toEqual([]);
      // Nor its random part without the prefix.
      expect(await whereFound(db(), t.slice(4))).toEqual([]);
    }
    const row = await db().db.selectFrom('tokens').select('token_hash').where('id', '=', issued.json().id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    // And the tables scanned are really all of them (a scan of nothing would pass too).
    expect(Object.keys(await dumpAllTables(db()))).toEqual(expect.arrayContaining(['tokens', 'audit_log', 'outbox_events', 'users']));
  });

  it('shows a new token once: in the POST response and in no list', async () => {
    const { app, root } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root.auth, payload: { user: 'bob', name: 'ci' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.token).toMatch(TOKEN);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      name: 'ci',
      principalType: 'user',
      principal: 'bob',
      createdBy: 'user:root',
      createdAt: expect.any(String),
      expiresAt: null,
      revokedAt: null,
      token: body.token,
    });
    for (const url of ['/api/v1/tokens', '/api/v1/tokens?user=bob']) {
      const list = await app.inject({ method: 'GET', url, headers: root.auth });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(body.token);
      const listed = list.json().items.find((t: { id: string }) => t.id === body.id);
      expect(listed).toEqual({ ...body, token: undefined });
      expect(Object.keys(listed)).not.toContain('token');
    }
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?entity=token', headers: root.auth });
    expect(audit.body).not.toContain(body.token);
  });

  it('authenticates an issued token as its user', async () => {
    const { app, root } = await setup();
    const { token } = (await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root.auth, payload: { user: 'bob' } })).json();
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(me.json()).toEqual({ kind: 'user', name: 'bob', isAdmin: false, teams: [] });
  });

  it('refuses a token with a changed character, a prefix of it, or another scheme', async () => {
    const { app, bob } = await setup();
    const last = bob.token.slice(-1);
    const variants = [
      `${bob.token.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`,
      bob.token.slice(0, -1),
      bob.token.toUpperCase(),
      `${bob.token}x`,
    ];
    for (const token of variants) {
      expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }), 401, 'unauthenticated');
    }
    for (const authorization of [`Basic ${bob.token}`, bob.token, `Bearer`, `Bearer ${bob.token} extra`, `Token ${bob.token}`]) {
      expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } }), 401, 'unauthenticated');
    }
    expectError(await app.inject({ method: 'GET', url: `/api/v1/me?access_token=${bob.token}` }), 401, 'unauthenticated');
    // The scheme is case-insensitive (RFC 7235), the token is not.
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `bearer ${bob.token}` } })).statusCode).toBe(
      200,
    );
  });

  it('stops a revoked token at once, even right after it was used', async () => {
    const { app, f, bob } = await setup();
    const second = (
      await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bob.auth, payload: { user: 'bob', name: 'laptop' } })
    ).json();
    // Used (and so cached) just before the revocation.
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(second.token) })).statusCode).toBe(200);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${second.id}`, headers: bob.auth });
    expect(revoked.statusCode).toBe(204);
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(second.token) }), 401, 'unauthenticated');
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth })).statusCode).toBe(200);
    const row = await db().db.selectFrom('tokens').select('revoked_at').where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const audit = await f.s.deps.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('entity_id', '=', second.id)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { actor: 'user:bob', action: 'created' },
      { actor: 'user:bob', action: 'revoked' },
    ]);
  });

  it('lets a token revoke itself, which ends it at once', async () => {
    const { app, bob } = await setup();
    const [own] = (await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bob.auth })).json().items;
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${own.id}`, headers: bob.auth })).statusCode).toBe(204);
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth }), 401, 'unauthenticated');
  });

  it('refuses an expired token once the clock passes expiresAt', async () => {
    const clock = fixedClock('2030-01-01T00:00:00.000Z');
    const { app, root } = await setup({ clock });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: root.auth,
      payload: { user: 'bob', expiresAt: '2030-01-01T01:00:00.000Z' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().expiresAt).toBe('2030-01-01T01:00:00.000Z');
    const token = res.json().token as string;
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    clock.set('2030-01-01T00:59:59.999Z');
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    clock.set('2030-01-01T02:00:00.000Z');
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }), 401, 'unauthenticated');
  });

  it('refuses a token the moment it expires, even when it was verified an instant before', async () => {
    const clock = fixedClock('2030-01-01T00:00:00.000Z');
    const { app, root } = await setup({ clock });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: root.auth,
      payload: { user: 'bob', expiresAt: '2030-01-01T00:00:01.000Z' },
    });
    const token = res.json().token as string;
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    clock.advance(1_000);
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) }), 401, 'unauthenticated');
  });

  it('refuses a token whose expiresAt was given without milliseconds once that second has passed', async () => {
    const clock = fixedClock('2030-01-01T00:00:00.000Z');
    const { app, root } = await setup({ clock });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: root.auth,
      payload: { user: 'bob', expiresAt: '2030-01-01T01:00:00Z' },
    });
    expect(res.statusCode).toBe(201);
    clock.set('2030-01-01T01:00:00.500Z');
    // Never used before: no cache involved, only the expiry comparison.
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(res.json().token) }), 401, 'unauthenticated');
  });

  it('refuses to issue a token that is already expired: 400 invalid_expiry', async () => {
    const clock = fixedClock('2030-01-01T00:00:00.000Z');
    const { app, root } = await setup({ clock });
    const before = await count(db(), 'tokens');
    for (const expiresAt of ['2029-12-31T23:59:59.999Z', '2030-01-01T00:00:00.000Z']) {
      const body = expectError(
        await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root.auth, payload: { user: 'bob', expiresAt } }),
        400,
        'invalid_expiry',
      );
      expect(body.error.details).toEqual({ field: 'expiresAt' });
    }
    expect(await count(db(), 'tokens')).toBe(before);
  });

  it('lets a user issue, list and revoke their own tokens', async () => {
    const { app, bob } = await setup();
    const issued = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bob.auth, payload: { user: 'bob', name: 'laptop' } });
    expect(issued.statusCode).toBe(201);
    expect(issued.json()).toMatchObject({ principal: 'bob', createdBy: 'user:bob', name: 'laptop' });
    const list = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bob.auth });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; principal: string; name: string }>;
    expect(items.map((t) => [t.principal, t.name])).toEqual([
      ['bob', 'test'],
      ['bob', 'laptop'],
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/tokens?user=bob', headers: bob.auth })).json().items).toEqual(items);
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${issued.json().id}`, headers: bob.auth });
    expect(revoke.statusCode).toBe(204);
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(issued.json().token) }), 401, 'unauthenticated');
  });

  it("refuses a user who issues, lists or revokes another user's tokens with 403 token_forbidden, changing nothing", async () => {
    const { app, f, bob, carol } = await setup();
    const [carolsToken] = await f.s.tokens.list(systemContext, { user: 'carol' });
    expect(carolsToken?.principal).toBe('carol');
    const tokens = await count(db(), 'tokens');
    const audit = await count(db(), 'audit_log');

    const issue = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bob.auth, payload: { user: 'carol' } });
    expectError(issue, 403, 'token_forbidden');
    expect(issue.body).not.toMatch(/amt_/);
    expectError(
      await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bob.auth, payload: { user: 'root' } }),
      403,
      'token_forbidden',
    );
    expectError(await app.inject({ method: 'GET', url: '/api/v1/tokens?user=carol', headers: bob.auth }), 403, 'token_forbidden');
    expectError(
      await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${carolsToken?.id}`, headers: bob.auth }),
      403,
      'token_forbidden',
    );

    expect(await count(db(), 'tokens')).toBe(tokens);
    expect(await count(db(), 'audit_log')).toBe(audit);
    const stillWorks = await app.inject({ method: 'GET', url: '/api/v1/me', headers: carol.auth });
    expect(stillWorks.json()).toMatchObject({ name: 'carol' });
  });

  it("lets an admin issue, list and revoke any user's tokens", async () => {
    const { app, root, bob } = await setup();
    const issued = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root.auth, payload: { user: 'carol', name: 'ops' } });
    expect(issued.json()).toMatchObject({ principal: 'carol', createdBy: 'user:root' });
    const all = (await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: root.auth })).json().items as Array<{
      principal: string;
    }>;
    expect(all.map((t) => t.principal).sort()).toEqual(['bob', 'carol', 'carol', 'root']);
    const bobs = (await app.inject({ method: 'GET', url: '/api/v1/tokens?user=bob', headers: root.auth })).json().items as Array<{
      id: string;
      principal: string;
    }>;
    expect(bobs.map((t) => t.principal)).toEqual(['bob']);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${bobs[0]?.id}`, headers: root.auth })).statusCode).toBe(204);
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth }), 401, 'unauthenticated');
  });

  it('answers a token for an unknown user with 404 user_not_found and an unknown token id with 404 token_not_found', async () => {
    const { app, root } = await setup();
    const issue = expectError(
      await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: root.auth, payload: { user: 'ghost' } }),
      404,
      'user_not_found',
    );
    expect(issue.error.details).toEqual({ user: 'ghost' });
    expectError(
      await app.inject({ method: 'DELETE', url: '/api/v1/tokens/01ARZ3NDEKTSV4RRFFQ69G5FAV', headers: root.auth }),
      404,
      'token_not_found',
    );
  });

  it('reflects the user, the admin flag and the teams in GET /api/v1/me', async () => {
    const { app, f, root, bob } = await setup();
    await f.team('zeta', ['bob']);
    await f.team('alpha', ['bob', 'carol']);
    await f.team('other', ['carol']);
    // The teams are read when the token is first verified; bob has not used his token yet.
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth })).json()).toEqual({
      kind: 'user',
      name: 'bob',
      isAdmin: false,
      teams: ['alpha', 'zeta'],
    });
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: root.auth })).json()).toEqual({
      kind: 'user',
      name: 'root',
      isAdmin: true,
      teams: [],
    });
  });

  it("stops a deleted user's token at once, even right after it was used", async () => {
    const { app, root, bob } = await setup();
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/users/bob', headers: root.auth })).statusCode).toBe(204);
    expectError(await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.auth }), 401, 'unauthenticated');
  });

  it('takes admin rights away at once when a user is demoted', async () => {
    const clock = fixedClock('2030-01-01T00:00:00.000Z');
    const { app, f, root } = await setup({ clock });
    const ex = await f.userWithToken('ex-admin', { isAdmin: true });
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: ex.auth })).json().isAdmin).toBe(true);
    const demote = await app.inject({ method: 'PATCH', url: '/api/v1/users/ex-admin', headers: root.auth, payload: { isAdmin: false } });
    expect(demote.json().isAdmin).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: ex.auth })).json().isAdmin).toBe(false);
    const domains = await count(db(), 'audit_log');
    expectError(
      await app.inject({ method: 'POST', url: '/api/v1/domains', headers: ex.auth, payload: { name: 'pay' } }),
      403,
      'admin_required',
    );
    expect(await count(db(), 'audit_log')).toBe(domains);
  });
});

describeEachDialect('auth: bootstrapAdmin', (db) => {
  let dirs: string[] = [];
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  function tempDir(): string {
    const d = mkdtempSync(join(tmpdir(), 'appmeta-bootstrap-'));
    dirs.push(d);
    return join(d, 'data');
  }

  it('on an empty database creates the admin and writes its token, once, to an owner-only file', async () => {
    const f = factory(db());
    const dataDir = tempDir();
    const result = await bootstrapAdmin(f.s, { dataDir });
    expect(result.generatedToken).toMatch(TOKEN);
    expect(result.tokenFile).toBe(join(dataDir, 'admin-token'));
    const file = result.tokenFile as string;
    expect(readFileSync(file, 'utf8')).toBe(`${result.generatedToken}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const admin = await f.s.people.getUser('admin');
    expect(admin.isAdmin).toBe(true);
    app = await httpApp(f);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(result.generatedToken as string) });
    expect(me.json()).toEqual({ kind: 'user', name: 'admin', isAdmin: true, teams: [] });
    expect(await whereFound(db(), result.generatedToken as string)).toEqual([]);
  });

  it('does nothing on a second call', async () => {
    const f = factory(db());
    const dataDir = tempDir();
    const first = await bootstrapAdmin(f.s, { dataDir });
    const tokens = await count(db(), 'tokens');
    const users = await count(db(), 'users');
    const second = await bootstrapAdmin(f.s, { dataDir });
    expect(second).toEqual({});
    expect(await count(db(), 'tokens')).toBe(tokens);
    expect(await count(db(), 'users')).toBe(users);
    expect(readFileSync(first.tokenFile as string, 'utf8')).toBe(`${first.generatedToken}\n`);
  });

  it('does nothing on a database that already has an admin', async () => {
    const f = factory(db());
    await f.user('root', { isAdmin: true });
    const dataDir = tempDir();
    expect(await bootstrapAdmin(f.s, { dataDir })).toEqual({});
    expect(await f.s.people.repo.findUser(db().db, 'admin')).toBeUndefined();
    expect(existsSync(join(dataDir, 'admin-token'))).toBe(false);
    expect(await count(db(), 'tokens')).toBe(0);
  });

  it('makes an admin when the database has users but none is admin (e.g. only `appmeta demo` ran)', async () => {
    const f = factory(db());
    await f.user('alice');
    const dataDir = tempDir();
    const result = await bootstrapAdmin(f.s, { dataDir });
    expect(result.generatedToken).toMatch(/^amt_[A-Za-z0-9_-]{43}$/);
    expect((await f.s.people.repo.findUser(db().db, 'admin'))?.isAdmin).toBe(true);
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(result.generatedToken);
    expect(await bootstrapAdmin(f.s, { dataDir })).toEqual({});
  });

  it('with adminToken registers that token for the admin, idempotently, and writes no file', async () => {
    const f = factory(db());
    const dataDir = tempDir();
    const adminToken = 'operator-chosen-secret-0123456789';
    expect(await bootstrapAdmin(f.s, { dataDir, adminToken })).toEqual({});
    expect(await bootstrapAdmin(f.s, { dataDir, adminToken })).toEqual({});
    expect(existsSync(join(dataDir, 'admin-token'))).toBe(false);
    expect(await count(db(), 'users')).toBe(1);
    expect(await count(db(), 'tokens')).toBe(1);
    const row = await db().db.selectFrom('tokens').select(['token_hash', 'name']).executeTakeFirstOrThrow();
    expect(row).toEqual({ token_hash: createHash('sha256').update(adminToken).digest('hex'), name: 'APPMETA_ADMIN_TOKEN' });
    expect(await whereFound(db(), adminToken)).toEqual([]);
    app = await httpApp(f);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(adminToken) });
    expect(me.json()).toEqual({ kind: 'user', name: 'admin', isAdmin: true, teams: [] });
  });

  it('with adminToken also works on a database that already has users', async () => {
    const f = factory(db());
    await f.user('alice');
    const adminToken = 'operator-chosen-secret-0123456789';
    expect(await bootstrapAdmin(f.s, { dataDir: tempDir(), adminToken })).toEqual({});
    app = await httpApp(f);
    expect((await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(adminToken) })).json()).toMatchObject({
      name: 'admin',
      isAdmin: true,
    });
  });
});
