/**
 * Data of the billing bench (bench/billing-run.ts): the tree, the tenant and its resources (setup,
 * through the services' bulk paths), the synthetic bill lines (as the API receives them and as the
 * rows the store holds), and the raw writers: better-sqlite3 prepared statements, PostgreSQL COPY.
 */

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

import type { DbHandle } from '../src/db/connect.ts';
import { bulkInserter } from '../src/db/dialect.ts';
import { systemContext } from '../src/modules/auth/principal.ts';
import { attribute, type HolderInterval } from '../src/modules/billing/attribution.ts';
import { buildServices } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import type { IdGenerator } from '../src/shared/ids.ts';

export interface Shape {
  domains: number;
  businesses: number;
  apps: number;
  resources: number;
}

/** The month every line is charged in (over, per the real clock: no line starts in the future). */
export const MONTH = '2026-10';
const MONTH_START = Date.parse(`${MONTH}-01T00:00:00.000Z`);
const DAYS = 31;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Moving resources change app here: daily lines of that day are split half and half. */
export const MOVE_AT = `${MONTH}-15T12:00:00.000Z`;
const ENVS = ['PROD', 'PROD', 'UAT'];
const PRODUCTS = 8;
const TYPE = 'container';

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

export function appidsOf(shape: Shape): string[] {
  const out: string[] = [];
  for (let d = 0; d < shape.domains; d++)
    for (let b = 0; b < shape.businesses; b++)
      for (let a = 0; a < shape.apps; a++) out.push(`${domainName(d)}.biz-${letters(b)}.app-${letters(a)}`);
  return out;
}

/**
 * What resource r is: every 10th shared by two apps 70/30, every 10th (offset 1) never attached
 * (all its cost unallocated), every 10th (offset 2) moved to another app at MOVE_AT, the rest held
 * by one app all month. A quarter of them bill hourly, the rest daily; every 50th bills in EUR.
 */
function attachOf(r: number, appids: string[], moved: boolean) {
  const app = (k: number) => appids[k % appids.length] as string;
  const env = ENVS[r % ENVS.length] as string;
  switch (r % 10) {
    case 0:
      return [
        { appid: app(r), env, weight: 7 },
        { appid: app(r + 1777), env, weight: 3 },
      ];
    case 1:
      return undefined;
    case 2:
      return [{ appid: app(moved ? r + 911 : r), env }];
    default:
      return [{ appid: app(r), env }];
  }
}

/**
 * The setup (not measured): the tree written raw (20 × 25 × 10 apps by default), 3 orgs and 8
 * products, a tenant `kube` with type `container`, an admin user; then the resources registered and
 * attached through `services.resources.upsert` in 10k-item calls, with the clock at the start of
 * the month, and the movers re-attached with the clock at MOVE_AT. Returns the two tokens.
 */
export async function seed(handle: DbHandle, shape: Shape, log: (s: string) => void): Promise<{ tenantToken: string; adminToken: string }> {
  const clock = fixedClock(`${MONTH}-01T00:00:00.000Z`);
  const s = buildServices(handle, { clock });
  await s.finance.createOrg(systemContext, { name: 'acme' });
  await s.finance.createOrg(systemContext, { name: 'acme-retail', parent: 'acme' });
  await s.finance.createOrg(systemContext, { name: 'globex' });
  const orgs = ['acme', 'acme-retail', 'globex'];
  for (let p = 0; p < PRODUCTS; p++)
    await s.finance.createProduct(systemContext, { name: `prod-${letters(p)}`, org: orgs[p % 3] as string });
  const products = await handle.db.selectFrom('products').select(['id', 'name']).orderBy('name').execute();
  const now = new Date().toISOString();
  const ins = bulkInserter(handle.dialect, handle.sqlite);
  await handle.db.transaction().execute(async (tx) => {
    const domains: unknown[][] = [];
    const businesses: unknown[][] = [];
    const apps: unknown[][] = [];
    for (let d = 0; d < shape.domains; d++) {
      domains.push([`D${d}`, domainName(d), `Domain ${letters(d)}`, '', now, now]);
      for (let b = 0; b < shape.businesses; b++) {
        const bid = `B${d}-${b}`;
        const product = products[(d * shape.businesses + b) % products.length]?.id;
        businesses.push([bid, `D${d}`, `biz-${letters(b)}`, `Business ${letters(b)}`, '', product, now, now]);
        for (let a = 0; a < shape.apps; a++) {
          const appid = `${domainName(d)}.biz-${letters(b)}.app-${letters(a)}`;
          apps.push([
            `A${d}-${b}-${a}`,
            bid,
            `app-${letters(a)}`,
            appid,
            `App ${appid}`,
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

  const { token } = await s.tenants.create(systemContext, { name: 'kube' });
  await s.tenants.createType(systemContext, {
    name: TYPE,
    tenant: 'kube',
    dimensions: [
      { name: 'cpu', unit: 'cores' },
      { name: 'memory', unit: 'GiB' },
    ],
  });
  const admin = await s.people.createUser(systemContext, { name: 'bench', isAdmin: true });
  const adminToken = await s.tokens.issueForUser(systemContext, { user: admin.name, name: 'bench' });

  const appids = appidsOf(shape);
  const upsert = async (rs: number[], moved: boolean) => {
    for (let i = 0; i < rs.length; i += 10_000) {
      const items = rs.slice(i, i + 10_000).map((r) => ({
        type: TYPE,
        externalId: `pod-${r}`,
        name: `pod ${r}`,
        capacity: { cpu: 1 + (r % 8), memory: 2 * (1 + (r % 8)) },
        attach: attachOf(r, appids, moved),
      }));
      const res = await s.resources.upsert(systemContext, items);
      if (res.rejected.length > 0) throw new Error(`resource upsert rejected: ${JSON.stringify(res.rejected.slice(0, 3))}`);
    }
  };
  const all = Array.from({ length: shape.resources }, (_, r) => r);
  await upsert(all, false);
  log(`    ${shape.resources.toLocaleString('en-US')} resources registered and attached`);
  clock.set(MOVE_AT);
  await upsert(
    all.filter((r) => r % 10 === 2),
    true,
  );
  return { tenantToken: token.token, adminToken: adminToken.token };
}

/** One synthetic bill line, before it becomes JSON or a row. */
export interface LineSpec {
  i: number;
  r: number;
  billId: string;
  start: number;
  end: number;
  micros: number;
  effective: number;
  currency: string;
  quantity: string;
  unit: string;
  sku: string;
  cluster: string;
}

/**
 * Line i of a run over R resources: resource r = i mod R, its k-th line with k = i div R. Hourly
 * resources (r mod 4 = 3) bill hour (k × 337) mod 744 of the month, the others day (k × 17) mod 31
 * (both strides coprime with the period count, so a resource's lines spread over the month); past
 * 744 / 31 lines a resource gets more SKUs. Amounts have 6 fractional digits, ≤ 20 units.
 */
export function lineSpec(i: number, resources: number): LineSpec {
  const r = i % resources;
  const k = Math.floor(i / resources);
  const hourly = r % 4 === 3;
  const slots = hourly ? DAYS * 24 : DAYS;
  const slot = (k * (hourly ? 337 : 17)) % slots;
  const start = MONTH_START + slot * (hourly ? HOUR : DAY);
  const micros = 1000 + ((Math.imul(i + 1, 2654435761) >>> 0) % 20_000_000);
  return {
    i,
    r,
    billId: `bl-${String(i).padStart(9, '0')}`,
    start,
    end: start + (hourly ? HOUR : DAY),
    micros,
    effective: Math.floor((micros * 9) / 10),
    currency: r % 50 === 7 ? 'EUR' : 'USD',
    quantity: hourly ? '1' : '24',
    unit: 'Hours',
    sku: `sku-${hourly ? 'h' : 'd'}-${Math.floor(k / slots)}`,
    cluster: `c${r % 7}`,
  };
}

const money = (m: number) => `${Math.floor(m / 1e6)}.${String(m % 1e6).padStart(6, '0')}`;

/** The line as a tenant pushes it: FOCUS columns, amounts as decimal strings. */
export function focusLine(l: LineSpec): Record<string, string> {
  return {
    BillId: l.billId,
    ResourceId: `${TYPE}/pod-${l.r}`,
    ChargePeriodStart: new Date(l.start).toISOString(),
    ChargePeriodEnd: new Date(l.end).toISOString(),
    BilledCost: money(l.micros),
    EffectiveCost: money(l.effective),
    BillingCurrency: l.currency,
    ConsumedQuantity: l.quantity,
    ConsumedUnit: l.unit,
    SkuId: l.sku,
    ChargeCategory: 'Usage',
    x_cluster: l.cluster,
  };
}

export function focusLines(from: number, to: number, resources: number): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (let i = from; i < to; i++) out.push(focusLine(lineSpec(i, resources)));
  return out;
}

/** bill_lines columns, in the order of src/modules/billing/bills.repository.ts. */
export const LINE_COLUMNS = [
  'id',
  'tenant_id',
  'bill_id',
  'resource_id',
  'resource_type',
  'resource_key',
  'period_start',
  'period_end',
  'booked_day',
  'currency',
  'billed_micros',
  'effective_micros',
  'consumed_quantity',
  'consumed_unit',
  'sku_id',
  'charge_category',
  'charge_class',
  'charge_description',
  'extra',
  'ingest_id',
  'created_at',
];
const ALLOCATION_COLUMNS = ['line_id', 'app_id', 'env', 'amount_micros'];
const ROLLUP_COLUMNS = (period: 'day' | 'month') => [period, 'app_id', 'env', 'type', 'tenant_id', 'currency', 'amount_micros'];

/** What the raw writers need to turn a LineSpec into the stored row and its allocations. */
export interface StoreContext {
  tenantId: string;
  /** resource id by index r */
  resourceIds: string[];
  /** attachment intervals by resource id */
  holders: Map<string, HolderInterval[]>;
  ids: IdGenerator;
}

export async function storeContext(handle: DbHandle, shape: Shape, ids: IdGenerator): Promise<StoreContext> {
  const tenant = await handle.db.selectFrom('tenants').select('id').where('name', '=', 'kube').executeTakeFirstOrThrow();
  const rows = await handle.db.selectFrom('resources').select(['id', 'external_id']).where('type', '=', TYPE).execute();
  const resourceIds: string[] = new Array(shape.resources);
  for (const r of rows) resourceIds[Number(r.external_id.slice(4))] = r.id;
  const holders = new Map<string, HolderInterval[]>();
  const atts = await handle.db
    .selectFrom('attachments')
    .select(['resource_id', 'app_id', 'env', 'weight', 'attached_at', 'detached_at'])
    .execute();
  for (const a of atts) {
    const list = holders.get(a.resource_id) ?? [];
    list.push({
      appId: a.app_id,
      env: a.env,
      weight: Number(a.weight),
      from: Date.parse(a.attached_at),
      to: a.detached_at === null ? null : Date.parse(a.detached_at),
    });
    holders.set(a.resource_id, list);
  }
  return { tenantId: tenant.id, resourceIds, holders, ids };
}

/** The bill_lines row the service would store for this line (ids from the same ULID layout). */
export function lineRow(l: LineSpec, ctx: StoreContext, ingestId: string, createdAt: string): unknown[] {
  const start = new Date(l.start).toISOString();
  return [
    ctx.ids.next(),
    ctx.tenantId,
    l.billId,
    ctx.resourceIds[l.r],
    TYPE,
    `${TYPE}/pod-${l.r}`,
    start,
    new Date(l.end).toISOString(),
    start.slice(0, 10),
    l.currency,
    l.micros,
    l.effective,
    l.quantity,
    l.unit,
    l.sku,
    'Usage',
    null,
    null,
    `{"x_cluster":"${l.cluster}"}`,
    ingestId,
    createdAt,
  ];
}

/** Sums of allocations per roll-up cell (day or month × app × env × currency; one type, one tenant). */
export type Rollup = Map<string, bigint>;

/** The line's allocations as `attribute()` splits it (the service's rule), optionally added into roll-ups. */
export function allocationRows(l: LineSpec, lineId: string, ctx: StoreContext, rollups?: { daily: Rollup; monthly: Rollup }): unknown[][] {
  const resourceId = ctx.resourceIds[l.r] as string;
  const parts = attribute(BigInt(l.micros), l.start, l.end, ctx.holders.get(resourceId) ?? []);
  const day = new Date(l.start).toISOString().slice(0, 10);
  return parts.map((p) => {
    if (rollups) {
      const dk = `${day}|${p.appId}|${p.env}|${l.currency}`;
      rollups.daily.set(dk, (rollups.daily.get(dk) ?? 0n) + p.amount);
      const mk = `${day.slice(0, 7)}|${p.appId}|${p.env}|${l.currency}`;
      rollups.monthly.set(mk, (rollups.monthly.get(mk) ?? 0n) + p.amount);
    }
    return [lineId, p.appId, p.env, p.amount];
  });
}

export function rollupRows(r: Rollup, tenantId: string): unknown[][] {
  return [...r].map(([k, amount]) => {
    const [period, appId, env, currency] = k.split('|');
    return [period, appId, env, TYPE, tenantId, currency, amount];
  });
}

/** A raw writer: one transaction per call, rows per table. */
export interface RawWriter {
  /** how it writes, for the report */
  how: string;
  write(tables: Array<{ table: string; columns: string[]; rows: unknown[][] }>): Promise<void>;
  close(): Promise<void>;
}

export const COLUMNS = {
  lines: LINE_COLUMNS,
  allocations: ALLOCATION_COLUMNS,
  daily: ROLLUP_COLUMNS('day'),
  monthly: ROLLUP_COLUMNS('month'),
};

/** better-sqlite3: one prepared single-row INSERT per table, run per row, one transaction per call. */
export function sqliteWriter(sqlite: NonNullable<DbHandle['sqlite']>): RawWriter {
  const statements = new Map<string, { run(...p: unknown[]): unknown }>();
  const stmt = (table: string, columns: string[]) => {
    let s = statements.get(table);
    if (!s) {
      s = sqlite.prepare(
        `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      statements.set(table, s);
    }
    return s;
  };
  return {
    how: 'better-sqlite3 prepared single-row INSERT, run per row, one transaction per batch',
    async write(tables) {
      sqlite.transaction(() => {
        for (const t of tables) {
          const s = stmt(t.table, t.columns);
          for (const row of t.rows) s.run(...row);
        }
      })();
    },
    async close() {},
  };
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** PostgreSQL: `COPY … FROM STDIN` (text format, pg-copy-streams) per table, one transaction per call, one connection. */
export async function pgWriter(url: string): Promise<RawWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    how: 'COPY … FROM STDIN (text format, pg-copy-streams), one transaction per batch, one connection',
    async write(tables) {
      await client.query('begin');
      try {
        for (const t of tables) {
          if (t.rows.length === 0) continue;
          const text = `${t.rows.map((row) => row.map(copyValue).join('\t')).join('\n')}\n`;
          const stream = client.query(copyStreams.from(`copy "${t.table}" (${t.columns.map((c) => `"${c}"`).join(', ')}) from stdin`));
          await pipeline(Readable.from([text]), stream);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      }
    },
    close: () => client.end(),
  };
}
