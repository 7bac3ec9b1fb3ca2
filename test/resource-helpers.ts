import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect, onTestFinished } from 'vitest';
import type { DbHandle } from '../src/db/connect.ts';
import { readJson } from '../src/db/dialect.ts';
import type { RequestContext } from '../src/modules/auth/principal.ts';
import type { ResourceInput, UpsertResult } from '../src/modules/resources/resources.types.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { type Factory, factory, httpApp } from './factories.ts';

/** The instant every resource test starts at. */
export const T0 = '2026-11-26T09:00:00.000Z';

/** `T0` plus `ms` milliseconds, as the stored ISO-8601 text. */
export const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

export const MINUTE = 60_000;

type Headers = Record<string, string>;

/** An HTTP client over one app that sends `auth` unless a call passes its own headers. */
export interface Api {
  app: FastifyInstance;
  get(url: string, auth?: Headers): Promise<LightMyRequestResponse>;
  put(url: string, payload: unknown, auth?: Headers): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, auth?: Headers): Promise<LightMyRequestResponse>;
  delete(url: string, auth?: Headers): Promise<LightMyRequestResponse>;
  /** the same app, acting as someone else */
  as(auth: Headers): Api;
}

function client(app: FastifyInstance, auth: Headers): Api {
  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload: unknown, headers: Headers) =>
    app.inject({ method, url, headers, ...(payload !== undefined && { payload: payload as object }) });
  return {
    app,
    get: (url, h = auth) => call('GET', url, undefined, h),
    put: (url, payload, h = auth) => call('PUT', url, payload, h),
    post: (url, payload, h = auth) => call('POST', url, payload ?? {}, h),
    delete: (url, h = auth) => call('DELETE', url, undefined, h),
    as: (other) => client(app, other),
  };
}

export interface TenantHandle {
  name: string;
  id: string;
  token: string;
  auth: Headers;
  /** a service-level context acting as this tenant */
  ctx: RequestContext;
}

/**
 * The world most resource tests start from (everything built through the services):
 *
 *   pay (domain) ── checkout (business) ── api, web
 *                └─ refund (business)   ── core
 *   ops (domain) ── infra (business)    ── agent
 *
 * tenants: `dba` owns `mysql` {storage GiB} and `redis` {memory GiB};
 *          `kube` owns `container` {cpu cores, memory GiB} and `lb` (no dimensions).
 * users:   `root` (admin), `pat` (owner of pay.checkout.api), `sam` (sre of domain ops), `nobody`.
 */
export interface ResourceWorld {
  f: Factory;
  handle: DbHandle;
  clock: ReturnType<typeof fixedClock>;
  /** the HTTP app acting as the admin `root` */
  api: Api;
  admin: Headers;
  dba: TenantHandle;
  kube: TenantHandle;
  users: { pat: Headers; sam: Headers; nobody: Headers };
}

export async function resourceWorld(handle: DbHandle): Promise<ResourceWorld> {
  const clock = fixedClock(T0);
  const f = factory(handle, { clock });
  const root = await f.userWithToken('root', { isAdmin: true });
  const pat = await f.userWithToken('pat');
  const sam = await f.userWithToken('sam');
  const nobody = await f.userWithToken('nobody');
  await f.org('acme');
  await f.product('shop', 'acme');
  await f.domain('pay');
  await f.business({ domain: 'pay', name: 'checkout', product: 'shop' });
  await f.business({ domain: 'pay', name: 'refund', product: 'shop' });
  await f.domain('ops', { sre: ['sam'] });
  await f.business({ domain: 'ops', name: 'infra', product: 'shop' });
  await f.app({ business: 'pay.checkout', name: 'api', people: { owner: ['pat'] } });
  await f.app({ business: 'pay.checkout', name: 'web' });
  await f.app({ business: 'pay.refund', name: 'core' });
  await f.app({ business: 'ops.infra', name: 'agent' });
  const dba = await tenant(f, 'dba', [
    { name: 'mysql', dimensions: [{ name: 'storage', unit: 'GiB' }] },
    { name: 'redis', dimensions: [{ name: 'memory', unit: 'GiB' }] },
  ]);
  const kube = await tenant(f, 'kube', [
    {
      name: 'container',
      dimensions: [
        { name: 'cpu', unit: 'cores' },
        { name: 'memory', unit: 'GiB' },
      ],
    },
    { name: 'lb', dimensions: [] },
  ]);
  await warmTypeCache(f);
  const app = await httpApp(f);
  onTestFinished(() => app.close());
  return {
    f,
    handle,
    clock,
    api: client(app, root.auth),
    admin: root.auth,
    dba,
    kube,
    users: { pat: pat.auth, sam: sam.auth, nobody: nobody.auth },
  };
}

/** Creates a tenant and its resource types through the services. */
export async function tenant(
  f: Factory,
  name: string,
  types: Array<{ name: string; dimensions: Array<{ name: string; unit: string }> }>,
): Promise<TenantHandle> {
  const created = await f.s.tenants.create(f.ctx, { name });
  for (const t of types) await f.s.tenants.createType(f.ctx, { name: t.name, tenant: name, dimensions: t.dimensions });
  const token = created.token.token;
  return {
    name,
    id: created.tenant.id,
    token,
    auth: { authorization: `Bearer ${token}` },
    ctx: { principal: { kind: 'tenant', id: created.tenant.id, name }, requestId: null },
  };
}

/**
 * Loads the resource-type cache. Creating a tenant or a type empties it, and a cold cache read
 * inside an attach/detach/delete transaction hangs on SQLite (see the regression test in
 * resources.db.test.ts); the world warms it so other tests exercise what they are about.
 */
export async function warmTypeCache(f: Factory): Promise<void> {
  await f.s.tenants.types();
}

/** PUT /api/v1/resources, expecting 200; returns the result. */
export async function upsertOk(api: Api, items: ResourceInput[], query = '', auth?: Headers): Promise<UpsertResult> {
  const res = await api.put(`/api/v1/resources${query}`, { items }, auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** GET a resource as the admin, expecting 200. */
export async function getResource(api: Api, key: string) {
  const res = await api.get(`/api/v1/resources/${resourcePath(key)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** `{type}/{externalId}` as a URL path, the external id encoded (it may hold `/`). */
export function resourcePath(key: string): string {
  const i = key.indexOf('/');
  return `${key.slice(0, i)}/${encodeURIComponent(key.slice(i + 1))}`;
}

/**
 * Every table except the ones named, every row, as sorted JSON lines: two snapshots are equal
 * exactly when nothing in those tables changed.
 */
export async function snapshotTables(
  handle: DbHandle,
  except: readonly string[] = ['audit_log', 'outbox_events'],
): Promise<Record<string, string[]>> {
  const tables =
    handle.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(handle.db)).rows
      : (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(handle.db)
        ).rows;
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.db)).rows;
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

export interface AuditRow {
  id: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  entityKey: string;
  after: unknown;
}

/** Audit rows, oldest first. */
export async function auditRows(handle: DbHandle): Promise<AuditRow[]> {
  const rows = await handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    entityKey: r.entity_key,
    after: r.after === null ? null : readJson(r.after),
  }));
}

/** Outbox event types, oldest first. */
export async function eventTypes(handle: DbHandle): Promise<string[]> {
  return (await handle.db.selectFrom('outbox_events').select('type').orderBy('id').execute()).map((r) => r.type);
}

/** Runs `fn` and returns the audit rows and outbox event types it added. */
export async function changesOf<T>(handle: DbHandle, fn: () => Promise<T>): Promise<{ result: T; audit: AuditRow[]; events: string[] }> {
  const auditBefore = (await auditRows(handle)).length;
  const eventsBefore = (await eventTypes(handle)).length;
  const result = await fn();
  return { result, audit: (await auditRows(handle)).slice(auditBefore), events: (await eventTypes(handle)).slice(eventsBefore) };
}

/** Every attachment row of a resource as `[appid, env, weight, attached_at, detached_at]`, oldest first. */
export async function attachmentRows(handle: DbHandle, type: string, externalId: string) {
  const rows = await handle.db
    .selectFrom('attachments')
    .innerJoin('resources', 'resources.id', 'attachments.resource_id')
    .innerJoin('apps', 'apps.id', 'attachments.app_id')
    .select(['apps.appid', 'attachments.env', 'attachments.weight', 'attachments.attached_at', 'attachments.detached_at'])
    .where('resources.type', '=', type)
    .where('resources.external_id', '=', externalId)
    .orderBy('attachments.attached_at')
    .orderBy('attachments.id')
    .execute();
  return rows.map((r) => [r.appid, r.env, Number(r.weight), r.attached_at, r.detached_at]);
}
