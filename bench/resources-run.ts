/**
 * `npm run bench:resources` (also part of `npm run bench`): registers and attaches resources over
 * the API in 10k-item calls, beside a raw insert of the same rows in the same run, then measures
 * the first page of a scoped resource search and the scoped inventory at that size.
 *
 *   --resources N   how many (default 1,000,000)   --quick   50,000 and fewer samples
 *   --only sqlite|postgres
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

import { buildApp } from '../src/app.ts';
import { connectDatabase, type DbHandle } from '../src/db/connect.ts';
import { bulkInserter } from '../src/db/dialect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemContext } from '../src/modules/auth/principal.ts';
import { buildServices } from '../src/services.ts';
import { startPostgres } from './postgres.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const TOTAL = Number(argValue('--resources') ?? (quick ? 50_000 : 1_000_000));
const BATCH = 10_000;
const DOMAINS = 20;
const BUSINESSES = 50;
const APPS = 10;
const ENVS = ['PROD', 'PRE', 'UAT', 'FAT'];
const SAMPLES = quick ? 50 : 200;
const only = argValue('--only');

const letters = (i: number) => {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
};
const domainName = (d: number) => `dom-${letters(d)}`;
const appids: string[] = [];
for (let d = 0; d < DOMAINS; d++)
  for (let b = 0; b < BUSINESSES; b++) for (let a = 0; a < APPS; a++) appids.push(`${domainName(d)}.biz-${letters(b)}.app-${letters(a)}`);

/** The i-th resource as the API receives it: a container attached to one app in one environment. */
function item(i: number) {
  return {
    type: 'container',
    externalId: `pod-${i}`,
    name: `pod ${i}`,
    capacity: { cpu: 1 + (i % 8), memory: 2 * (1 + (i % 8)) },
    labels: { zone: `z${i % 3}`, pool: i % 2 ? 'web' : 'batch' },
    attach: [{ appid: appids[i % appids.length] as string, env: ENVS[i % ENVS.length] as string }],
  };
}

/** The tree: 20 domains × 50 businesses × 10 apps, written raw (setup, not measured). */
async function seedTree(handle: DbHandle): Promise<void> {
  const s = buildServices(handle);
  await s.finance.createOrg(systemContext, { name: 'acme' });
  await s.finance.createProduct(systemContext, { name: 'mall', org: 'acme' });
  const now = new Date().toISOString();
  const product = await handle.db.selectFrom('products').select('id').executeTakeFirstOrThrow();
  const ins = bulkInserter(handle.dialect, handle.sqlite);
  await handle.db.transaction().execute(async (tx) => {
    const domains: unknown[][] = [];
    const businesses: unknown[][] = [];
    const apps: unknown[][] = [];
    for (let d = 0; d < DOMAINS; d++) {
      domains.push([`D${d}`, domainName(d), domainName(d), '', now, now]);
      for (let b = 0; b < BUSINESSES; b++) {
        const bid = `B${d}-${b}`;
        businesses.push([bid, `D${d}`, `biz-${letters(b)}`, 'b', '', product.id, now, now]);
        for (let a = 0; a < APPS; a++) {
          apps.push([
            `A${d}-${b}-${a}`,
            bid,
            `app-${letters(a)}`,
            `${domainName(d)}.biz-${letters(b)}.app-${letters(a)}`,
            'a',
            '',
            'service',
            'L2',
            '5x8',
            'online',
            '{}',
            '{}',
            now,
            now,
          ]);
        }
      }
    }
    const t = (n: string) => ({ name: n, pg: 'text' as const });
    await ins(tx, 'domains', ['id', 'name', 'title', 'description', 'created_at', 'updated_at'].map(t), domains);
    await ins(
      tx,
      'businesses',
      ['id', 'domain_id', 'name', 'title', 'description', 'product_id', 'created_at', 'updated_at'].map(t),
      businesses,
    );
    await ins(
      tx,
      'apps',
      [
        ...['id', 'business_id', 'name', 'appid', 'title', 'description', 'type', 'level', 'assurance', 'lifecycle'].map(t),
        { name: 'labels', pg: 'jsonb' as const },
        { name: 'runtime', pg: 'jsonb' as const },
        t('created_at'),
        t('updated_at'),
      ],
      apps,
    );
  });
}

/** Tenant and type through the services; returns the tenant's token. */
async function seedTenant(handle: DbHandle): Promise<string> {
  const s = buildServices(handle);
  const { token } = await s.tenants.create(systemContext, { name: 'kube' });
  await s.tenants.createType(systemContext, {
    name: 'container',
    tenant: 'kube',
    dimensions: [
      { name: 'cpu', unit: 'cores' },
      { name: 'memory', unit: 'GiB' },
    ],
  });
  return token.token;
}

/** The same rows registration stores (resources, labels, attachments), inserted raw. */
async function rawInsert(handle: DbHandle): Promise<number> {
  const ids = await handle.db
    .selectFrom('apps')
    .innerJoin('businesses', 'businesses.id', 'apps.business_id')
    .select(['apps.id', 'apps.appid', 'apps.business_id', 'businesses.domain_id'])
    .execute();
  const byAppid = new Map(ids.map((r) => [r.appid, r]));
  const tenant = await handle.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
  const ins = bulkInserter(handle.dialect, handle.sqlite);
  const t = (n: string) => ({ name: n, pg: 'text' as const });
  const num = (n: string) => ({ name: n, pg: 'integer' as const });
  const json = (n: string) => ({ name: n, pg: 'jsonb' as const });
  const now = new Date().toISOString();
  const start = performance.now();
  for (let b = 0; b < TOTAL; b += BATCH) {
    const resources: unknown[][] = [];
    const labels: unknown[][] = [];
    const attachments: unknown[][] = [];
    for (let i = b; i < Math.min(TOTAL, b + BATCH); i++) {
      const it = item(i);
      const id = `R${String(i).padStart(25, '0')}`;
      const app = byAppid.get(it.attach[0]?.appid as string);
      resources.push([
        id,
        'container',
        it.externalId,
        tenant.id,
        it.name,
        JSON.stringify(it.capacity),
        '{}',
        JSON.stringify(it.labels),
        'active',
        1,
        1,
        now,
        now,
        now,
        null,
      ]);
      for (const [k, v] of Object.entries(it.labels)) labels.push([id, k, v]);
      attachments.push([
        `T${String(i).padStart(25, '0')}`,
        id,
        app?.id,
        app?.business_id,
        app?.domain_id,
        it.attach[0]?.env,
        'container',
        tenant.id,
        1,
        now,
        null,
        null,
      ]);
    }
    await handle.db.transaction().execute(async (tx) => {
      await ins(
        tx,
        'resources',
        [
          t('id'),
          t('type'),
          t('external_id'),
          t('tenant_id'),
          t('name'),
          json('capacity'),
          json('attributes'),
          json('labels'),
          t('status'),
          num('attached_count'),
          num('version'),
          t('last_attachment_change_at'),
          t('created_at'),
          t('updated_at'),
          t('deleted_at'),
        ],
        resources,
      );
      await ins(tx, 'resource_labels', [t('resource_id'), t('key'), t('value')], labels);
      await ins(
        tx,
        'attachments',
        [
          t('id'),
          t('resource_id'),
          t('app_id'),
          t('business_id'),
          t('domain_id'),
          t('env'),
          t('type'),
          t('tenant_id'),
          num('weight'),
          t('attached_at'),
          t('detached_at'),
          t('batch_id'),
        ],
        attachments,
      );
    });
  }
  return TOTAL / ((performance.now() - start) / 1000);
}

async function registerOverApi(app: FastifyInstance, base: string, token: string): Promise<{ rate: number; perCallMs: number[] }> {
  const perCallMs: number[] = [];
  const start = performance.now();
  for (let b = 0; b < TOTAL; b += BATCH) {
    const items = [];
    for (let i = b; i < Math.min(TOTAL, b + BATCH); i++) items.push(item(i));
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/resources`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    const body = (await res.json()) as { created?: number; rejected?: unknown[] };
    perCallMs.push(performance.now() - t0);
    if (res.status !== 200 || body.created !== items.length)
      throw new Error(`registration failed at ${b}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    if (b % 100_000 === 0) process.stderr.write(`  registered ${b + items.length}/${TOTAL}\n`);
  }
  void app;
  return { rate: TOTAL / ((performance.now() - start) / 1000), perCallMs };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Sequential GETs: p50 and p99 latency in ms. */
async function latency(url: string, token: string): Promise<{ p50: number; p99: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const res = await fetch(url.replace('{d}', domainName(i % DOMAINS)), { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
    bytes = text.length;
  }
  return { p50: pct(times, 50), p99: pct(times, 99), bytes };
}

async function runOne(dialect: 'sqlite' | 'postgres', connect: (name: string) => Promise<DbHandle>) {
  process.stderr.write(`[${dialect}] seeding two databases (tree of ${appids.length} apps)…\n`);
  const api = await connect('api');
  const raw = await connect('raw');
  await migrateToLatest(api);
  await migrateToLatest(raw);
  await seedTree(api);
  await seedTree(raw);
  const token = await seedTenant(api);
  await seedTenant(raw);

  process.stderr.write(`[${dialect}] raw insert of ${TOTAL} resources…\n`);
  const rawRate = await rawInsert(raw);
  await raw.close();

  const services = buildServices(api);
  const app = await buildApp(services, { logLevel: 'silent' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`[${dialect}] registering ${TOTAL} resources over the API…\n`);
  const reg = await registerOverApi(app, address, token);

  const admin = await services.tokens.issueForUser(systemContext, {
    user: (await services.people.createUser(systemContext, { name: 'bench', isAdmin: true })).name,
    name: 'bench',
  });
  const healthz = await latency(`${address}/healthz`, admin.token);
  const list = await latency(`${address}/api/v1/resources?scope={d}&limit=50`, admin.token);
  const listTenant = await latency(`${address}/api/v1/resources?scope={d}&limit=50`, token);
  const inventory = await latency(`${address}/api/v1/inventory?scope={d}&groupBy=type,env`, admin.token);
  await app.close();
  await api.close();
  return { dialect, rawRate, reg, healthz, list, listTenant, inventory };
}

const results: Array<Awaited<ReturnType<typeof runOne>>> = [];
if (only !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'appmeta-bench-res-'));
  try {
    results.push(await runOne('sqlite', async (name) => connectDatabase({ sqlitePath: join(dir, `${name}.db`) })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'sqlite') {
  const pg = await startPostgres();
  try {
    results.push(
      await runOne('postgres', async (name) => connectDatabase({ databaseUrl: await pg.createDatabase(`bench_${name}`), poolSize: 10 })),
    );
  } finally {
    await pg.stop();
  }
}

const f = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
console.log(
  `\nResources bench, ${new Date().toISOString()}, ${TOTAL.toLocaleString('en-US')} resources in ${BATCH.toLocaleString('en-US')}-item calls, tree ${appids.length.toLocaleString('en-US')} apps, ${SAMPLES} sequential samples per read\n`,
);
console.log('| figure | ' + results.map((r) => r.dialect).join(' | ') + ' |');
console.log('|---|' + results.map(() => '---').join('|') + '|');
const row = (label: string, cell: (r: (typeof results)[number]) => string) =>
  console.log(`| ${label} | ${results.map(cell).join(' | ')} |`);
row('raw insert of the same rows (resources, labels, attachments), resources/s', (r) => f(r.rawRate));
row('PUT /api/v1/resources (register + attach), resources/s', (r) => f(r.reg.rate));
row('API ÷ raw (target ≥ 30 %)', (r) => `**${((100 * r.reg.rate) / r.rawRate).toFixed(0)} %**`);
row('PUT call of 10k items, p50 / max ms', (r) => `${ms(pct(r.reg.perCallMs, 50))} / ${ms(Math.max(...r.reg.perCallMs))}`);
row('GET /healthz p50 / p99 ms (baseline)', (r) => `${ms(r.healthz.p50)} / ${ms(r.healthz.p99)}`);
row('GET /resources?scope=<domain> first page (admin) p50 / p99 ms (target p99 ≤ 50)', (r) => `${ms(r.list.p50)} / **${ms(r.list.p99)}**`);
row('same as the owning tenant p50 / p99 ms', (r) => `${ms(r.listTenant.p50)} / ${ms(r.listTenant.p99)}`);
row(
  'GET /inventory?scope=<domain>&groupBy=type,env p50 / p99 ms (target p99 ≤ 50)',
  (r) => `${ms(r.inventory.p50)} / **${ms(r.inventory.p99)}**`,
);
