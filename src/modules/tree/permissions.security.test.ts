import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory, httpApp } from '../../../test/factories.ts';
import type { DbHandle } from '../../db/connect.ts';
import type { People, Role } from './tree.types.ts';

/**
 * The permission matrix of the tree, through HTTP (tree-access.ts):
 * - edit (attributes; create a child business/app): owner, developer or sre on the node or above it
 * - manage (people, move/rename, delete): owner on the node or above it
 * - admin: everything; qa and everyone else: read only (403 not_permitted)
 * - domains, orgs, products, users, teams, environments are created by admins only (403 admin_required)
 * Every refused request must leave the database exactly as it was.
 *
 * The tree each test starts from:
 *   pay (domain) ── checkout (business) ── api  ← "A", the app the role is usually on
 *                │                       └─ web  ← a sibling app
 *                └─ refund (business, empty)
 *   ops (domain) ── infra (business) ── agent    ← somewhere else entirely
 */

type Scope = 'app' | 'business' | 'domain';
type Via = 'user' | 'team';
const EDIT_ROLES: readonly Role[] = ['owner', 'developer', 'sre'];
const EDIT_NEEDS = ['owner', 'developer', 'sre'];
const MANAGE_NEEDS = ['owner'];

/** A node a request acts on, to tell whether the role held on `scope` reaches it. */
interface Node {
  domain: string;
  business?: string;
  /** the app "A" (wherever it has moved) */
  isA?: boolean;
  label: string;
}

/** The database, every table, every row: a refused request must not change any of it. */
async function dumpDatabase(handle: DbHandle): Promise<Record<string, string[]>> {
  const tables =
    handle.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(handle.db)).rows
      : (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(handle.db)
        ).rows;
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.db)).rows;
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

async function count(handle: DbHandle, table: 'audit_log' | 'outbox_events'): Promise<number> {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface World {
  f: Factory;
  app: FastifyInstance;
  root: { authorization: string };
  pat: { authorization: string };
  /** the current appid of "A" (it changes when A is moved or renamed) */
  appA: string;
}

/** Builds the tree with `people` on the scope under test, and pat (member of team crew) with a token. */
async function buildWorld(handle: DbHandle, grant?: { scope: Scope; people: People }): Promise<World> {
  const f = factory(handle);
  const root = await f.userWithToken('root', { isAdmin: true });
  const pat = await f.userWithToken('pat');
  await f.userWithToken('stranger');
  await f.team('crew', ['pat']);
  await f.org('acme');
  const product = await f.product('shop', 'acme');
  const on = (scope: Scope) => (grant?.scope === scope ? grant.people : undefined);
  await f.domain('pay', on('domain'));
  await f.business({ domain: 'pay', name: 'checkout', product: product.name, people: on('business') });
  await f.business({ domain: 'pay', name: 'refund', product: product.name });
  await f.app({ business: 'pay.checkout', name: 'api', people: on('app') });
  await f.app({ business: 'pay.checkout', name: 'web' });
  await f.domain('ops');
  await f.business({ domain: 'ops', name: 'infra', product: product.name });
  await f.app({ business: 'ops.infra', name: 'agent' });
  const app = await httpApp(f);
  return { f, app, root: root.auth, pat: pat.auth, appA: 'pay.checkout.api' };
}

interface Step {
  label: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (w: World) => string;
  payload?: object;
  /** the status when allowed */
  ok: 200 | 201 | 204;
  /** whether a caller holding `role` on `scope` may do it (admins may always) */
  allowed: (role: Role | 'none', scope: Scope) => boolean;
  /** admin_required steps name no node; node steps name the first node the check failed on */
  refusal: 'admin_required' | { target: (w: World, role: Role | 'none') => Node; needs: (role: Role | 'none') => string[] };
  after?: (w: World, res: LightMyRequestResponse) => void;
}

const isEdit = (role: Role | 'none') => role !== 'none' && EDIT_ROLES.includes(role);
const isOwner = (role: Role | 'none') => role === 'owner';
const A = (w: World): Node => {
  const [domain, business] = w.appA.split('.') as [string, string];
  return { domain, business, isA: true, label: `app ${w.appA}` };
};
const node = (domain: string, business?: string, app?: string): Node => ({
  domain,
  business,
  label: app ? `app ${domain}.${business}.${app}` : business ? `business ${domain}.${business}` : `domain ${domain}`,
});

const READS = [
  '/api/v1/apps/pay.checkout.api',
  '/api/v1/apps?limit=5',
  '/api/v1/tree',
  '/api/v1/domains/pay',
  '/api/v1/businesses/pay.checkout',
  '/api/v1/audit?limit=5',
  '/api/v1/users',
  '/api/v1/teams/crew',
];

const STEPS: Step[] = [
  {
    label: 'change the attributes of the app',
    method: 'PATCH',
    url: (w) => `/api/v1/apps/${w.appA}`,
    payload: { title: 'Edited', level: 'L1', labels: { tier: 'gold' } },
    ok: 200,
    allowed: (r) => isEdit(r),
    refusal: { target: A, needs: () => EDIT_NEEDS },
  },
  {
    label: 'change a sibling app',
    method: 'PATCH',
    url: () => '/api/v1/apps/pay.checkout.web',
    payload: { title: 'Edited' },
    ok: 200,
    allowed: (r, s) => isEdit(r) && s !== 'app',
    refusal: { target: () => node('pay', 'checkout', 'web'), needs: () => EDIT_NEEDS },
  },
  {
    label: 'change an app in another domain',
    method: 'PATCH',
    url: () => '/api/v1/apps/ops.infra.agent',
    payload: { title: 'Edited' },
    ok: 200,
    allowed: () => false,
    refusal: { target: () => node('ops', 'infra', 'agent'), needs: () => EDIT_NEEDS },
  },
  {
    label: 'change the people of the app',
    method: 'PATCH',
    url: (w) => `/api/v1/apps/${w.appA}`,
    payload: { people: { qa: ['root'] } },
    ok: 200,
    allowed: (r) => isOwner(r),
    refusal: { target: A, needs: () => MANAGE_NEEDS },
  },
  {
    label: 'grant themselves owner of the app',
    method: 'PATCH',
    url: (w) => `/api/v1/apps/${w.appA}`,
    payload: { people: { owner: ['pat'] } },
    ok: 200,
    allowed: (r) => isOwner(r),
    refusal: { target: A, needs: () => MANAGE_NEEDS },
  },
  {
    label: 'create an app in the business',
    method: 'POST',
    url: () => '/api/v1/apps',
    payload: { business: 'pay.checkout', name: 'fresh' },
    ok: 201,
    allowed: (r, s) => isEdit(r) && s !== 'app',
    refusal: { target: () => node('pay', 'checkout'), needs: () => EDIT_NEEDS },
  },
  {
    label: 'change the business',
    method: 'PATCH',
    url: () => '/api/v1/businesses/pay.checkout',
    payload: { title: 'Edited' },
    ok: 200,
    allowed: (r, s) => isEdit(r) && s !== 'app',
    refusal: { target: () => node('pay', 'checkout'), needs: () => EDIT_NEEDS },
  },
  {
    label: 'change the people of the business',
    method: 'PATCH',
    url: () => '/api/v1/businesses/pay.checkout',
    payload: { people: { qa: ['root'] } },
    ok: 200,
    allowed: (r, s) => isOwner(r) && s !== 'app',
    refusal: { target: () => node('pay', 'checkout'), needs: () => MANAGE_NEEDS },
  },
  {
    label: 'create a business in the domain',
    method: 'POST',
    url: () => '/api/v1/businesses',
    payload: { domain: 'pay', name: 'wallet', product: 'shop' },
    ok: 201,
    allowed: (r, s) => isEdit(r) && s === 'domain',
    refusal: { target: () => node('pay'), needs: () => EDIT_NEEDS },
  },
  {
    label: 'change the domain',
    method: 'PATCH',
    url: () => '/api/v1/domains/pay',
    payload: { title: 'Edited' },
    ok: 200,
    allowed: (r, s) => isEdit(r) && s === 'domain',
    refusal: { target: () => node('pay'), needs: () => EDIT_NEEDS },
  },
  {
    label: 'change the people of the domain',
    method: 'PATCH',
    url: () => '/api/v1/domains/pay',
    payload: { people: { qa: ['root'] } },
    ok: 200,
    allowed: (r, s) => isOwner(r) && s === 'domain',
    refusal: { target: () => node('pay'), needs: () => MANAGE_NEEDS },
  },
  ...(
    [
      ['create a domain', 'POST', '/api/v1/domains', { name: 'newdom' }, 201],
      ['create an org', 'POST', '/api/v1/orgs', { name: 'neworg' }, 201],
      ['create a product', 'POST', '/api/v1/products', { name: 'newprod', org: 'acme' }, 201],
      ['create a user', 'POST', '/api/v1/users', { name: 'newuser' }, 201],
      ['make themselves admin', 'PATCH', '/api/v1/users/pat', { isAdmin: true }, 200],
      ['create a team', 'POST', '/api/v1/teams', { name: 'newteam' }, 201],
      ['add members to their team', 'PATCH', '/api/v1/teams/crew', { members: ['pat', 'stranger'] }, 200],
      ['create an environment', 'POST', '/api/v1/environments', { name: 'DEV' }, 201],
    ] as const
  ).map(
    ([label, method, url, payload, ok]): Step => ({
      label,
      method,
      url: () => url,
      payload,
      ok,
      allowed: () => false,
      refusal: 'admin_required',
    }),
  ),
  {
    label: 'move the app into a business where they have no edit role',
    method: 'POST',
    url: (w) => `/api/v1/apps/${w.appA}/move`,
    payload: { business: 'pay.refund' },
    ok: 200,
    // manage on the app, and edit on the target business (only a domain role reaches pay.refund)
    allowed: (r, s) => isOwner(r) && s === 'domain',
    // an owner fails on the target business (edit); anyone else already on the app (manage)
    refusal: {
      target: (w, r) => (isOwner(r) ? node('pay', 'refund') : A(w)),
      needs: (r) => (isOwner(r) ? EDIT_NEEDS : MANAGE_NEEDS),
    },
    after: (w) => {
      w.appA = 'pay.refund.api';
    },
  },
  {
    label: 'rename the app',
    method: 'POST',
    url: (w) => `/api/v1/apps/${w.appA}/move`,
    payload: { name: 'renamed' },
    ok: 200,
    allowed: (r) => isOwner(r),
    refusal: { target: A, needs: () => MANAGE_NEEDS },
    after: (w, res) => {
      w.appA = res.json().appid;
    },
  },
  {
    label: 'delete the app',
    method: 'DELETE',
    url: (w) => `/api/v1/apps/${w.appA}`,
    ok: 204,
    allowed: (r) => isOwner(r),
    refusal: { target: A, needs: () => MANAGE_NEEDS },
  },
  {
    label: 'rename the business',
    method: 'POST',
    url: () => '/api/v1/businesses/pay.checkout/move',
    payload: { name: 'checkout-two' },
    ok: 200,
    allowed: (r, s) => isOwner(r) && s !== 'app',
    refusal: { target: () => node('pay', 'checkout'), needs: () => MANAGE_NEEDS },
  },
  {
    label: 'delete the empty sibling business',
    method: 'DELETE',
    url: () => '/api/v1/businesses/pay.refund',
    ok: 204,
    allowed: (r, s) => isOwner(r) && s === 'domain',
    refusal: { target: () => node('pay', 'refund'), needs: () => MANAGE_NEEDS },
  },
  {
    label: 'delete an app in another domain',
    method: 'DELETE',
    url: () => '/api/v1/apps/ops.infra.agent',
    ok: 204,
    allowed: () => false,
    refusal: { target: () => node('ops', 'infra', 'agent'), needs: () => MANAGE_NEEDS },
  },
  {
    label: 'rename the domain',
    method: 'POST',
    url: () => '/api/v1/domains/pay/rename',
    payload: { name: 'pay-two' },
    ok: 200,
    allowed: (r, s) => isOwner(r) && s === 'domain',
    refusal: { target: () => node('pay'), needs: () => MANAGE_NEEDS },
  },
];

/** Whether a role held on `scope` reaches `n` (roles are inherited downward). */
function reaches(scope: Scope, n: Node): boolean {
  if (scope === 'domain') return n.domain === 'pay';
  if (scope === 'business') return n.domain === 'pay' && n.business === 'checkout';
  return n.isA === true;
}

/** App A as an admin sees it (status and body, less the per-request id) and every row of the database. */
async function snapshot(w: World, handle: DbHandle) {
  // Read from the database, not from the read cache, so an unwanted write could not hide behind it.
  w.f.s.treeCache.invalidateAll();
  const res = await w.app.inject({ method: 'GET', url: `/api/v1/apps/${w.appA}`, headers: w.root });
  const { requestId: _, ...body } = res.json();
  return { a: [res.statusCode, body], db: await dumpDatabase(handle) };
}

/**
 * Runs every step as pat holding `role` on `scope` (or no role at all), checking the status, the error,
 * and that a refused step changed nothing in the database.
 */
async function runMatrix(handle: DbHandle, role: Role | 'none', scope: Scope, via: Via): Promise<string[]> {
  const subject = via === 'user' ? 'pat' : 'team:crew';
  const w = await buildWorld(handle, role === 'none' ? undefined : { scope, people: { [role]: [subject] } });
  const outcomes: string[] = [];
  try {
    for (const url of READS) {
      const res = await w.app.inject({ method: 'GET', url, headers: w.pat });
      expect(res.statusCode, `read ${url}: ${res.body}`).toBe(200);
    }
    for (const step of STEPS) {
      const allowed = step.allowed(role, scope);
      const what = `${role} on ${scope} via ${via}: ${step.label} (${step.method} ${step.url(w)})`;
      const before = allowed ? undefined : await snapshot(w, handle);
      const res = await w.app.inject({
        method: step.method,
        url: step.url(w),
        headers: w.pat,
        ...(step.payload && { payload: step.payload }),
      });
      if (allowed) {
        expect(res.statusCode, `${what}: ${res.body}`).toBe(step.ok);
        step.after?.(w, res);
        outcomes.push(`${step.label}: allowed`);
        continue;
      }
      expect(res.statusCode, `${what}: ${res.body}`).toBe(403);
      const body = res.json();
      expect(Object.keys(body).sort(), what).toEqual(['error', 'requestId']);
      if (step.refusal === 'admin_required') {
        expect(body.error.code, what).toBe('admin_required');
      } else {
        const target = step.refusal.target(w, role);
        expect(body.error.code, what).toBe('not_permitted');
        expect(body.error.details, what).toEqual({
          target: target.label,
          needs: step.refusal.needs(role),
          held: role !== 'none' && reaches(scope, target) ? [role] : [],
        });
      }
      const after = await snapshot(w, handle);
      expect(after, `${what} changed the database`).toEqual(before);
      outcomes.push(`${step.label}: refused`);
    }
  } finally {
    await w.app.close();
  }
  return outcomes;
}

describeEachDialect('tree permissions', (db) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  for (const role of ['owner', 'developer', 'sre', 'qa'] as const) {
    for (const scope of ['app', 'business', 'domain'] as const) {
      for (const via of ['user', 'team'] as const) {
        const may = role === 'owner' ? 'edit and manage' : role === 'qa' ? 'only read' : 'edit but not manage';
        it(`${role} on the ${scope}, granted to ${via === 'user' ? 'the user' : 'their team'}, may ${may} at and below the ${scope}, nothing else`, async () => {
          const outcomes = await runMatrix(db(), role, scope, via);
          expect(outcomes).toHaveLength(STEPS.length);
          if (role === 'qa') expect(outcomes.every((o) => o.endsWith('refused'))).toBe(true);
        });
      }
    }
  }

  it('a user with no role anywhere may read everything and change nothing', async () => {
    const outcomes = await runMatrix(db(), 'none', 'app', 'user');
    expect(outcomes.filter((o) => o.endsWith('allowed'))).toEqual([]);
  });

  it('an admin may do every step without holding any role', async () => {
    const w = await buildWorld(db());
    app = w.app;
    for (const step of STEPS) {
      const res = await w.app.inject({
        method: step.method,
        url: step.url(w),
        headers: w.root,
        ...(step.payload && { payload: step.payload }),
      });
      expect(res.statusCode, `${step.label}: ${res.body}`).toBe(step.ok);
      step.after?.(w, res);
    }
  });

  it('a user who owns app A cannot change app B next to it, and B stays as it was', async () => {
    const w = await buildWorld(db(), { scope: 'app', people: { owner: ['pat'] } });
    app = w.app;
    const before = (await w.app.inject({ method: 'GET', url: '/api/v1/apps/pay.checkout.web', headers: w.root })).json();
    const audit = await count(db(), 'audit_log');
    const outbox = await count(db(), 'outbox_events');
    for (const [method, url, payload] of [
      ['PATCH', '/api/v1/apps/pay.checkout.web', { title: 'Mine now' }],
      ['PATCH', '/api/v1/apps/pay.checkout.web', { people: { owner: ['pat'] } }],
      ['POST', '/api/v1/apps/pay.checkout.web/move', { name: 'taken' }],
      ['DELETE', '/api/v1/apps/pay.checkout.web', undefined],
    ] as const) {
      const res = await w.app.inject({ method, url, headers: w.pat, ...(payload && { payload }) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('not_permitted');
      expect(res.json().error.details.target).toBe('app pay.checkout.web');
    }
    w.f.s.treeCache.invalidateAll();
    expect((await w.app.inject({ method: 'GET', url: '/api/v1/apps/pay.checkout.web', headers: w.root })).json()).toEqual(before);
    expect(await count(db(), 'audit_log')).toBe(audit);
    expect(await count(db(), 'outbox_events')).toBe(outbox);
    // …while A itself is theirs to change.
    expect(
      (await w.app.inject({ method: 'PATCH', url: '/api/v1/apps/pay.checkout.api', headers: w.pat, payload: { title: 'Mine' } }))
        .statusCode,
    ).toBe(200);
  });

  it('moving an app into a business where the caller may edit is allowed; where they are only qa, refused', async () => {
    const w = await buildWorld(db(), { scope: 'app', people: { owner: ['pat'] } });
    app = w.app;
    await w.f.s.nodes.updateBusiness(w.f.ctx, 'pay.refund', { people: { qa: ['pat'] } });
    const refused = await w.app.inject({
      method: 'POST',
      url: '/api/v1/apps/pay.checkout.api/move',
      headers: w.pat,
      payload: { business: 'pay.refund' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toEqual({ target: 'business pay.refund', needs: EDIT_NEEDS, held: ['qa'] });
    expect((await w.app.inject({ method: 'GET', url: '/api/v1/apps/pay.checkout.api', headers: w.pat })).json().business).toBe(
      'pay.checkout',
    );
    await w.f.s.nodes.updateBusiness(w.f.ctx, 'pay.refund', { people: { developer: ['team:crew'] } });
    const moved = await w.app.inject({
      method: 'POST',
      url: '/api/v1/apps/pay.checkout.api/move',
      headers: w.pat,
      payload: { business: 'pay.refund' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().appid).toBe('pay.refund.api');
  });

  it('moving a business into a domain where the caller has no edit role is refused and changes nothing', async () => {
    const w = await buildWorld(db(), { scope: 'business', people: { owner: ['pat'] } });
    app = w.app;
    const before = await dumpDatabase(db());
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/v1/businesses/pay.checkout/move',
      headers: w.pat,
      payload: { domain: 'ops' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual({ target: 'domain ops', needs: EDIT_NEEDS, held: [] });
    expect(await dumpDatabase(db())).toEqual(before);
  });

  it('a team role applies to its members only', async () => {
    const w = await buildWorld(db(), { scope: 'app', people: { developer: ['team:crew'] } });
    app = w.app;
    const stranger = (await w.f.s.tokens.issueForUser(w.f.ctx, { user: 'stranger', name: 't' })).token;
    const res = await w.app.inject({
      method: 'PATCH',
      url: '/api/v1/apps/pay.checkout.api',
      headers: { authorization: `Bearer ${stranger}` },
      payload: { title: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await w.app.inject({ method: 'PATCH', url: '/api/v1/apps/pay.checkout.api', headers: w.pat, payload: { title: 'x' } })).statusCode,
    ).toBe(200);
  });

  it('a user removed from a team loses the team’s roles at once', async () => {
    const w = await buildWorld(db(), { scope: 'app', people: { developer: ['team:crew'] } });
    app = w.app;
    expect(
      (await w.app.inject({ method: 'PATCH', url: '/api/v1/apps/pay.checkout.api', headers: w.pat, payload: { title: 'one' } })).statusCode,
    ).toBe(200);
    const removed = await w.app.inject({ method: 'PATCH', url: '/api/v1/teams/crew', headers: w.root, payload: { members: [] } });
    expect(removed.json().members).toEqual([]);
    const res = await w.app.inject({ method: 'PATCH', url: '/api/v1/apps/pay.checkout.api', headers: w.pat, payload: { title: 'two' } });
    expect(res.statusCode, res.body).toBe(403);
    expect((await w.app.inject({ method: 'GET', url: '/api/v1/me', headers: w.pat })).json().teams).toEqual([]);
  });

  it('a deleted team’s roles are gone at once', async () => {
    const w = await buildWorld(db(), { scope: 'domain', people: { owner: ['team:crew'] } });
    app = w.app;
    expect(
      (await w.app.inject({ method: 'PATCH', url: '/api/v1/domains/pay', headers: w.pat, payload: { title: 'one' } })).statusCode,
    ).toBe(200);
    expect((await w.app.inject({ method: 'DELETE', url: '/api/v1/teams/crew', headers: w.root })).statusCode).toBe(204);
    const res = await w.app.inject({ method: 'PATCH', url: '/api/v1/domains/pay', headers: w.pat, payload: { title: 'two' } });
    expect(res.statusCode, res.body).toBe(403);
  });

  it('a new user given the name of a deleted user does not inherit the old user’s roles', async () => {
    const w = await buildWorld(db(), { scope: 'domain', people: { owner: ['pat'] } });
    app = w.app;
    expect((await w.app.inject({ method: 'DELETE', url: '/api/v1/users/pat', headers: w.root })).statusCode).toBe(204);
    const again = await w.f.userWithToken('pat');
    const res = await w.app.inject({ method: 'PATCH', url: '/api/v1/domains/pay', headers: again.auth, payload: { title: 'Mine' } });
    expect(res.statusCode, res.body).toBe(403);
    expect((await w.app.inject({ method: 'GET', url: '/api/v1/domains/pay', headers: w.root })).json().people).toEqual({});
  });
});
