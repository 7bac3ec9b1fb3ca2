import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase } from '../../../test/dialects.ts';
import { factory } from '../../../test/factories.ts';
import { type ResourceWorld, resourceWorld, T0, tenant, upsertOk, warmTypeCache } from '../../../test/resource-helpers.ts';
import { expectError } from '../../../test/tree-helpers.ts';
import type { DbHandle } from '../../db/connect.ts';
import { readJson } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { fixedClock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type RequestContext, systemContext } from '../auth/principal.ts';
import type { InventoryGroup, InventoryRow } from './queries/inventory-stats.ts';
import type { ResourceInput } from './resources.types.ts';

const API = 'pay.checkout.api';
const WEB = 'pay.checkout.web';
const CORE = 'pay.refund.core';
const AGENT = 'ops.infra.agent';

// ── the recomputation: what the inventory must say, from the attachments and resources tables ──

interface HeldRow {
  appid: string;
  env: string;
  type: string;
  tenant: string;
  domain: string;
  business: string;
  capacity: Record<string, number>;
}

/** Every current attachment with its resource's capacity and its app's current tree position (plain SQL, no roll-up). */
async function currentAttachments(db: Kysely<Database>): Promise<HeldRow[]> {
  const { rows } = await sql<Omit<HeldRow, 'capacity'> & { capacity: unknown }>`
    select ap.appid as appid, a.env as env, r.type as type, t.name as tenant, d.name as domain,
           d.name || '.' || b.name as business, r.capacity as capacity
      from attachments a
      join resources r on r.id = a.resource_id
      join tenants t on t.id = r.tenant_id
      join apps ap on ap.id = a.app_id
      join businesses b on b.id = ap.business_id
      join domains d on d.id = b.domain_id
     where a.detached_at is null`.execute(db);
  return rows.map((r) => ({ ...r, capacity: readJson<Record<string, number>>(r.capacity) }));
}

/** Active resources with no open attachment, per type (plain SQL over attachments, not the attached_count column). */
async function unattachedByType(db: Kysely<Database>, types?: string[]): Promise<Array<{ type: string; resources: number }>> {
  const { rows } = await sql<{ type: string; n: number | string }>`
    select r.type as type, count(*) as n
      from resources r
     where r.status = 'active'
       and not exists (select 1 from attachments a where a.resource_id = r.id and a.detached_at is null)
     group by r.type
     order by r.type`.execute(db);
  return rows.filter((r) => !types || types.includes(r.type)).map((r) => ({ type: r.type, resources: Number(r.n) }));
}

/**
 * Groups held rows the way the inventory endpoint promises: per group, the number of attachments
 * (a shared resource counts once per app) and the sum of each capacity dimension.
 */
function recompute(rows: HeldRow[], groupBy: InventoryGroup[], scope?: string): InventoryRow[] {
  const groups = [...new Set(groupBy)];
  const inScope = (r: HeldRow) => !scope || r.domain === scope || r.business === scope || r.appid === scope;
  const out = new Map<string, InventoryRow>();
  for (const r of rows.filter(inScope)) {
    const values: Record<InventoryGroup, string> = {
      type: r.type,
      env: r.env,
      tenant: r.tenant,
      domain: r.domain,
      business: r.business,
      app: r.appid,
    };
    const group = Object.fromEntries(groups.map((g) => [g, values[g]])) as InventoryRow['group'];
    const key = JSON.stringify(group);
    const entry = out.get(key) ?? { group, resources: 0, capacity: {} };
    entry.resources++;
    for (const [dim, v] of Object.entries(r.capacity)) entry.capacity[dim] = (entry.capacity[dim] ?? 0) + v;
    out.set(key, entry);
  }
  return normalise([...out.values()]);
}

/**
 * Order-independent form of inventory groups. A dimension summing to 0 is dropped on both sides: the
 * roll-up keeps a row at 0 after the last resource with that dimension left a group (so the endpoint
 * may answer `memory: 0` where no current resource has memory), which says the same thing.
 */
function normalise(groups: InventoryRow[]): InventoryRow[] {
  return groups
    .map((g) => ({
      group: g.group,
      resources: g.resources,
      capacity: Object.fromEntries(Object.entries(g.capacity).filter(([, v]) => v !== 0)),
    }))
    .sort((a, b) => (JSON.stringify(a.group) < JSON.stringify(b.group) ? -1 : 1));
}

const GROUPINGS: InventoryGroup[][] = [
  ['type'],
  ['type', 'env'],
  ['tenant'],
  ['domain'],
  ['business', 'app'],
  ['app', 'type'],
  ['type', 'env', 'tenant', 'business', 'app'],
];

describeEachDialect('inventory', (db, dialect) => {
  describe('GET /api/v1/inventory', () => {
    /**
     * container/c1 {cpu 2, memory 4}  api PROD
     * container/c2 {cpu 1, memory 2}  api PROD and web FAT (shared: counts once for each app)
     * container/c3 {cpu 4}            agent PROD
     * container/c4 {cpu 8}            unattached
     * lb/l1                           core UAT
     * lb/l2                           unattached
     * mysql/m1 {storage 100}          api PROD
     * mysql/m2 {storage 50}           unattached
     * mysql/m3 {storage 10}           deleted (was on api PROD)
     * redis/r1 {memory 8}             web PROD
     */
    async function stocked(): Promise<ResourceWorld & { get: (query: string) => Promise<unknown> }> {
      const w = await resourceWorld(db());
      const kube = w.api.as(w.kube.auth);
      const dba = w.api.as(w.dba.auth);
      await upsertOk(kube, [
        { type: 'container', externalId: 'c1', capacity: { cpu: 2, memory: 4 }, attach: [{ appid: API, env: 'PROD' }] },
        {
          type: 'container',
          externalId: 'c2',
          capacity: { cpu: 1, memory: 2 },
          attach: [
            { appid: API, env: 'PROD', weight: 70 },
            { appid: WEB, env: 'FAT', weight: 30 },
          ],
        },
        { type: 'container', externalId: 'c3', capacity: { cpu: 4 }, attach: [{ appid: AGENT, env: 'PROD' }] },
        { type: 'container', externalId: 'c4', capacity: { cpu: 8 } },
        { type: 'lb', externalId: 'l1', attach: [{ appid: CORE, env: 'UAT' }] },
        { type: 'lb', externalId: 'l2' },
      ]);
      await upsertOk(dba, [
        { type: 'mysql', externalId: 'm1', capacity: { storage: 100 }, attach: [{ appid: API, env: 'PROD' }] },
        { type: 'mysql', externalId: 'm2', capacity: { storage: 50 } },
        { type: 'mysql', externalId: 'm3', capacity: { storage: 10 }, attach: [{ appid: API, env: 'PROD' }] },
        { type: 'redis', externalId: 'r1', capacity: { memory: 8 }, attach: [{ appid: WEB, env: 'PROD' }] },
      ]);
      expect((await dba.delete('/api/v1/resources/mysql/m3')).statusCode).toBe(204);
      const get = async (query: string) => {
        const res = await w.api.get(`/api/v1/inventory?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json();
      };
      return { ...w, get };
    }

    it('counts and sums capacity per type everywhere, with the unattached resources per type', async () => {
      const { get } = await stocked();
      expect(await get('groupBy=type')).toEqual({
        scope: null,
        groups: [
          { group: { type: 'container' }, resources: 4, capacity: { cpu: 8, memory: 8 } },
          { group: { type: 'lb' }, resources: 1, capacity: {} },
          { group: { type: 'mysql' }, resources: 1, capacity: { storage: 100 } },
          { group: { type: 'redis' }, resources: 1, capacity: { memory: 8 } },
        ],
        unattached: [
          { type: 'container', resources: 1 },
          { type: 'lb', resources: 1 },
          { type: 'mysql', resources: 1 },
        ],
      });
    });

    it('groups by type and environment under a domain, and lists no unattached resources under a scope', async () => {
      const { get } = await stocked();
      expect(await get('scope=pay&groupBy=type,env')).toEqual({
        scope: 'pay',
        groups: [
          { group: { type: 'container', env: 'FAT' }, resources: 1, capacity: { cpu: 1, memory: 2 } },
          { group: { type: 'container', env: 'PROD' }, resources: 2, capacity: { cpu: 3, memory: 6 } },
          { group: { type: 'lb', env: 'UAT' }, resources: 1, capacity: {} },
          { group: { type: 'mysql', env: 'PROD' }, resources: 1, capacity: { storage: 100 } },
          { group: { type: 'redis', env: 'PROD' }, resources: 1, capacity: { memory: 8 } },
        ],
        unattached: [],
      });
    });

    it('groups by tenant and business under a business, by app under an app, and by domain everywhere', async () => {
      const { get } = await stocked();
      expect(((await get('scope=pay.checkout&groupBy=tenant,business')) as { groups: unknown }).groups).toEqual([
        { group: { tenant: 'dba', business: 'pay.checkout' }, resources: 2, capacity: { storage: 100, memory: 8 } },
        { group: { tenant: 'kube', business: 'pay.checkout' }, resources: 3, capacity: { cpu: 4, memory: 8 } },
      ]);
      expect(((await get(`scope=${API}&groupBy=app`)) as { groups: unknown }).groups).toEqual([
        { group: { app: API }, resources: 3, capacity: { cpu: 3, memory: 6, storage: 100 } },
      ]);
      expect(((await get('groupBy=domain')) as { groups: unknown }).groups).toEqual([
        { group: { domain: 'ops' }, resources: 1, capacity: { cpu: 4 } },
        { group: { domain: 'pay' }, resources: 6, capacity: { cpu: 4, memory: 16, storage: 100 } },
      ]);
    });

    it('groups by type when groupBy is left out', async () => {
      const { get } = await stocked();
      const all = (await get('')) as { groups: Array<{ group: unknown }> };
      expect(all.groups.map((g) => g.group)).toEqual([{ type: 'container' }, { type: 'lb' }, { type: 'mysql' }, { type: 'redis' }]);
    });

    it('refuses an unknown grouping (400 validation_failed) and an unknown scope (404)', async () => {
      const w = await resourceWorld(db());
      expectError(await w.api.get('/api/v1/inventory?groupBy=type,colour'), 400, 'validation_failed');
      expectError(await w.api.get('/api/v1/inventory?scope=nowhere'), 404, 'domain_not_found');
      expectError(await w.api.get('/api/v1/inventory?scope=pay.checkout.ghost'), 404, 'app_not_found');
      expectError(await w.api.get('/api/v1/inventory?scope=a.b.c.d'), 400, 'invalid_scope');
    });

    it('equals the recomputation from the attachments and resources tables for every scope and grouping', async () => {
      const w = await stocked();
      await expectInventoryMatches(w.handle, w.f.s, [undefined, 'pay', 'ops', 'pay.checkout', 'pay.refund', API, WEB, CORE, AGENT]);
    });
  });

  type Services = ResourceWorld['f']['s'];

  /** Compares the endpoint's service with the recomputation for each scope × grouping, for an admin and for each tenant. */
  async function expectInventoryMatches(handle: DbHandle, s: Services, scopes: Array<string | undefined>): Promise<void> {
    const held = await currentAttachments(handle.db);
    const types = await s.tenants.types();
    const tenants = await handle.db.selectFrom('tenants').select(['id', 'name']).execute();
    const viewers: Array<{ ctx: RequestContext; types?: string[] }> = [
      { ctx: systemContext },
      ...tenants.map((t) => ({
        ctx: { principal: { kind: 'tenant' as const, id: t.id, name: t.name }, requestId: null },
        types: [...types.values()].filter((x) => x.tenantId === t.id).map((x) => x.name),
      })),
    ];
    for (const viewer of viewers) {
      const visible = viewer.types ? held.filter((r) => viewer.types?.includes(r.type)) : held;
      // A tenant's view is the admin's filtered to its types: the finest and the coarsest grouping show it.
      const groupings = viewer.types ? ([['type'], ['type', 'env', 'tenant', 'business', 'app']] satisfies InventoryGroup[][]) : GROUPINGS;
      for (const scope of scopes) {
        for (const groupBy of groupings) {
          const got = await s.resourceSearch.inventory(viewer.ctx, { scope, groupBy });
          const who = `${viewer.ctx.principal.kind === 'tenant' ? viewer.ctx.principal.name : 'admin'} scope=${scope ?? '-'} groupBy=${groupBy}`;
          expect(normalise(got.groups), who).toEqual(recompute(visible, groupBy, scope));
          expect(got.unattached, who).toEqual(scope ? [] : await unattachedByType(handle.db, viewer.types));
        }
      }
    }
  }

  describe('the roll-up equals a recomputation after any sequence of changes (property)', () => {
    const TYPES = [
      { name: 'container', tenant: 'kube' },
      { name: 'lb', tenant: 'kube' },
      { name: 'mysql', tenant: 'dba' },
    ] as const;
    const ENVS = ['PROD', 'FAT'] as const;
    const APP_NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'] as const;
    const BUSINESSES = [
      { domain: 'north', name: 'one' },
      { domain: 'north', name: 'two' },
      { domain: 'south', name: 'three' },
    ] as const;
    const DOMAINS = ['north', 'south'] as const;

    /** Two domains, three businesses, five apps (names unique everywhere, so moves never collide), two tenants. */
    async function world(handle: DbHandle) {
      const clock = fixedClock(T0);
      const f = factory(handle, { clock });
      await f.org('acme');
      await f.product('shop', 'acme');
      for (const d of DOMAINS) await f.domain(d);
      for (const b of BUSINESSES) await f.business({ domain: b.domain, name: b.name, product: 'shop' });
      const appIds: string[] = [];
      for (const [i, name] of APP_NAMES.entries()) {
        const b = BUSINESSES[i % BUSINESSES.length] as (typeof BUSINESSES)[number];
        await f.app({ business: `${b.domain}.${b.name}`, name });
        appIds.push((await f.s.apps.resolve(handle.db, `${b.domain}.${b.name}.${name}`)).id);
      }
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
      const dba = await tenant(f, 'dba', [{ name: 'mysql', dimensions: [{ name: 'storage', unit: 'GiB' }] }]);
      await warmTypeCache(f);
      return { f, clock, appIds, owners: { kube: kube.ctx, dba: dba.ctx } };
    }

    type Target = [app: number, env: number, weight: number];
    type Op =
      | { kind: 'upsert'; admin: boolean; items: Array<{ type: number; ext: number; cap: number[] | null; attach: Target[] | null }> }
      | { kind: 'attach'; type: number; ext: number; target: Target }
      | { kind: 'detach'; type: number; ext: number; app: number | null; env: number | null }
      | { kind: 'full'; type: number; items: Array<{ ext: number; cap: number[] | null }> }
      | { kind: 'delete'; type: number; ext: number }
      | { kind: 'moveApp'; app: number; business: number }
      | { kind: 'moveBusiness'; business: number; domain: number };

    const type = fc.nat(TYPES.length - 1);
    const ext = fc.nat(4);
    const cap = fc.option(fc.array(fc.integer({ min: 0, max: 16 }), { minLength: 2, maxLength: 2 }), { nil: null });
    const target: fc.Arbitrary<Target> = fc.tuple(fc.nat(APP_NAMES.length - 1), fc.nat(ENVS.length - 1), fc.integer({ min: 1, max: 3 }));
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('upsert' as const),
          admin: fc.boolean(),
          items: fc.uniqueArray(
            fc.record({
              type,
              ext,
              cap,
              attach: fc.option(fc.uniqueArray(target, { maxLength: 3, selector: (t) => `${t[0]}.${t[1]}` }), { nil: null }),
            }),
            { minLength: 1, maxLength: 4, selector: (i) => `${i.type}/${i.ext}` },
          ),
        }),
      },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('attach' as const), type, ext, target }) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('detach' as const),
          type,
          ext,
          app: fc.option(fc.nat(APP_NAMES.length - 1), { nil: null }),
          env: fc.option(fc.nat(ENVS.length - 1), { nil: null }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('full' as const),
          type,
          items: fc.uniqueArray(fc.record({ ext, cap }), { maxLength: 4, selector: (i) => i.ext }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), type, ext }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('moveApp' as const),
          app: fc.nat(APP_NAMES.length - 1),
          business: fc.nat(BUSINESSES.length - 1),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('moveBusiness' as const),
          business: fc.nat(BUSINESSES.length - 1),
          domain: fc.nat(DOMAINS.length - 1),
        }),
      },
    );

    /** The capacity an item declares for its type's dimensions. */
    function capacityOf(typeIndex: number, c: number[] | null): Record<string, number> | undefined {
      if (!c) return undefined;
      const [a = 0, b = 0] = c;
      const name = TYPES[typeIndex]?.name;
      if (name === 'container') return b % 3 === 0 ? { cpu: a } : { cpu: a, memory: b };
      if (name === 'mysql') return { storage: b };
      return {};
    }

    // Bounded: each run builds a fresh database and ~20 ops; 30 runs on SQLite, 10 on PostgreSQL
    // (database creation and round trips make each run several times slower there).
    const runs = dialect === 'sqlite' ? 30 : 10;

    it('after random upserts, attaches, detaches, capacity changes, full syncs, deletes and app and business moves', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
          const handle = await freshDatabase(dialect);
          try {
            const { f, clock, appIds, owners } = await world(handle);
            const s = f.s;
            const appidOf = async (i: number) =>
              (
                await handle.db
                  .selectFrom('apps')
                  .select('appid')
                  .where('id', '=', appIds[i] as string)
                  .executeTakeFirstOrThrow()
              ).appid;
            const ownerOf = (t: number) => owners[(TYPES[t] as (typeof TYPES)[number]).tenant];
            const typeName = (t: number) => (TYPES[t] as (typeof TYPES)[number]).name;
            /** Runs a change; refusals the model allows (already attached, not attached, deleted…) are fine, anything else is a bug. */
            const tolerate = async (p: Promise<unknown>) => {
              try {
                await p;
              } catch (e) {
                if (!(e instanceof AppError) || e.status >= 500) throw e;
              }
            };
            for (const o of ops) {
              clock.advance(1_000);
              switch (o.kind) {
                case 'upsert': {
                  const items: ResourceInput[] = [];
                  for (const i of o.items) {
                    const attach = i.attach
                      ? await Promise.all(
                          i.attach.map(async ([a, e, wt]) => ({ appid: await appidOf(a), env: ENVS[e] as string, weight: wt })),
                        )
                      : undefined;
                    items.push({ type: typeName(i.type), externalId: `r${i.ext}`, capacity: capacityOf(i.type, i.cap), attach });
                  }
                  // Tenants own different types, so a tenant's call carries only its own items; an admin's carries all.
                  if (o.admin) {
                    const r = await s.resources.upsert(systemContext, items);
                    expect(r.rejected).toEqual([]);
                  } else {
                    for (const who of ['kube', 'dba'] as const) {
                      const mine = items.filter((_, k) => ownerOf((o.items[k] as { type: number }).type) === owners[who]);
                      if (mine.length) expect((await s.resources.upsert(owners[who], mine)).rejected).toEqual([]);
                    }
                  }
                  break;
                }
                case 'attach': {
                  const [a, e, wt] = o.target;
                  await tolerate(
                    s.resources.attach(ownerOf(o.type), typeName(o.type), `r${o.ext}`, {
                      appid: await appidOf(a),
                      env: ENVS[e] as string,
                      weight: wt,
                    }),
                  );
                  break;
                }
                case 'detach':
                  await tolerate(
                    s.resources.detach(ownerOf(o.type), typeName(o.type), `r${o.ext}`, {
                      appid: o.app === null ? undefined : await appidOf(o.app),
                      env: o.env === null ? undefined : ENVS[o.env],
                    }),
                  );
                  break;
                case 'full': {
                  const items = o.items.map((i) => ({
                    type: typeName(o.type),
                    externalId: `r${i.ext}`,
                    capacity: capacityOf(o.type, i.cap),
                  }));
                  expect((await s.resources.upsert(ownerOf(o.type), items, { full: typeName(o.type) })).rejected).toEqual([]);
                  break;
                }
                case 'delete':
                  await tolerate(s.resources.delete(ownerOf(o.type), typeName(o.type), `r${o.ext}`));
                  break;
                case 'moveApp': {
                  const b = BUSINESSES[o.business] as (typeof BUSINESSES)[number];
                  const current = await s.nodes.resolveBusiness(handle.db, `${b.domain}.${b.name}`);
                  await s.apps.move(systemContext, await appidOf(o.app), { business: `${current.domain_name}.${current.name}` });
                  break;
                }
                case 'moveBusiness': {
                  const b = BUSINESSES[o.business] as (typeof BUSINESSES)[number];
                  await s.nodes.moveBusiness(systemContext, `${b.domain}.${b.name}`, { domain: DOMAINS[o.domain] as string });
                  break;
                }
              }
            }
            const domains = (await handle.db.selectFrom('domains').select('name').execute()).map((r) => r.name);
            const businesses = (
              await handle.db
                .selectFrom('businesses')
                .innerJoin('domains', 'domains.id', 'businesses.domain_id')
                .select(['domains.name as d', 'businesses.name as b'])
                .execute()
            ).map((r) => `${r.d}.${r.b}`);
            const appids = (await handle.db.selectFrom('apps').select('appid').execute()).map((r) => r.appid);
            await expectInventoryMatches(handle, s, [undefined, ...domains, ...businesses, ...appids]);
            // attached_count (which `unattached` and `attached=` read) agrees with the open attachments
            const counts = await sql<{ id: string; attached_count: number | string; open: number | string }>`
              select r.id as id, r.attached_count as attached_count,
                     (select count(*) from attachments a where a.resource_id = r.id and a.detached_at is null) as open
                from resources r`.execute(handle.db);
            for (const c of counts.rows) expect(Number(c.attached_count)).toBe(Number(c.open));
          } finally {
            await handle.close();
          }
        }),
        { numRuns: runs },
      );
    }, 300_000);
  });
});
