import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { DbHandle } from '../src/db/connect.ts';
import type { Database } from '../src/db/schema.ts';
import { systemContext } from '../src/modules/auth/principal.ts';
import { type People, ROLES } from '../src/modules/tree/tree.types.ts';
import type { Services } from '../src/services.ts';
import { ulidGenerator } from '../src/shared/ids.ts';
import {
  type AppPlan,
  appPlan,
  type BusinessPlan,
  businessCount,
  businessName,
  businessPlan,
  type DomainPlan,
  domainPlan,
  prerequisites,
  READER,
  type TreeShape,
} from './tree-shape.ts';

/** The tables a tree load writes, in foreign-key order. */
export const TREE_TABLES = ['domains', 'businesses', 'apps', 'app_labels', 'role_bindings', 'audit_log', 'outbox_events'] as const;
export type TreeTable = (typeof TREE_TABLES)[number];

export interface LoadPhase {
  label: string;
  apps: number;
  seconds: number;
}

export interface LoadResult {
  /** apps written in the timed phase */
  apps: number;
  /** rows written in the timed phase, all tables together */
  rows: number;
  rowsByTable: Record<TreeTable, number>;
  seconds: number;
  appsPerSec: number;
  rowsPerSec: number;
  /** how the load was done, for the report */
  method: string;
  phases: LoadPhase[];
  /** false when the time budget ran out before the whole tree was written */
  complete: boolean;
  /** businesses (with all their apps) written, in load order */
  businesses: number;
  /** CPU the rest of the machine used meanwhile, % of one core (on PostgreSQL this includes the server) */
  otherCpuPct?: number;
}

/** Row counts of the tree tables (one `count(*)` each). */
export async function countRows(db: Kysely<Database>): Promise<Record<TreeTable, number>> {
  const out = {} as Record<TreeTable, number>;
  for (const t of TREE_TABLES) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/** Orgs, products, users, teams and the reader: through the services, before any timing, in both databases. */
export async function seedPrerequisites(s: Services, shape: TreeShape): Promise<void> {
  const p = prerequisites(shape);
  for (const o of p.orgs) await s.finance.createOrg(systemContext, { name: o.name, parent: o.parent });
  for (const pr of p.products) await s.finance.createProduct(systemContext, pr);
  for (const u of p.users) await s.people.createUser(systemContext, { name: u, displayName: `Developer ${u}`, email: `${u}@example.com` });
  await s.people.createUser(systemContext, { name: READER, displayName: 'Bench reader (not an admin)' });
  for (const t of p.teams) await s.people.createTeam(systemContext, t);
  // The reader is in a team, so resolving its principal does the same work as for a real user.
  await s.people.updateTeam(systemContext, p.teams[0]?.name as string, { members: [...(p.teams[0]?.members ?? []), READER] });
}

function diff(after: Record<TreeTable, number>, before: Record<TreeTable, number>): Record<TreeTable, number> {
  return Object.fromEntries(TREE_TABLES.map((t) => [t, after[t] - before[t]])) as Record<TreeTable, number>;
}

const sum = (r: Record<TreeTable, number>) => TREE_TABLES.reduce((n, t) => n + r[t], 0);

export interface ServiceLoadOptions {
  /** parallel business loaders after the sequential sample (1 = strictly one create at a time) */
  concurrency: number;
  /** businesses loaded one create at a time first, to measure the sequential rate */
  sequentialBusinesses: number;
  /** stop starting new businesses after this long */
  budgetMs: number;
  progress: (line: string) => void;
}

/**
 * Loads the tree through the service layer: `nodes.createDomain`, `nodes.createBusiness`, `apps.create`
 * with the system context — each a transaction with its audit row and outbox event. A business and
 * its apps are loaded by one loader, in order; with concurrency > 1 several loaders run at once.
 */
export async function loadThroughServices(s: Services, shape: TreeShape, opts: ServiceLoadOptions): Promise<LoadResult> {
  const db = s.deps.db;
  const before = await countRows(db);
  const total = businessCount(shape);
  const started = performance.now();
  const deadline = started + opts.budgetMs;
  let appsDone = 0;
  let lastReport = started;

  const report = () => {
    const now = performance.now();
    if (now - lastReport < 15_000) return;
    lastReport = now;
    const secs = (now - started) / 1000;
    opts.progress(`${appsDone.toLocaleString('en-US')} apps in ${secs.toFixed(0)} s (${Math.round(appsDone / secs)} apps/s)`);
  };

  const loadBusiness = async (i: number) => {
    const d = Math.floor(i / shape.businessesPerDomain);
    const b = i % shape.businessesPerDomain;
    await s.nodes.createBusiness(systemContext, businessPlan(shape, d, b));
    for (let a = 0; a < shape.appsPerBusiness; a++) {
      await s.apps.create(systemContext, appPlan(shape, d, b, a));
      appsDone++;
    }
    report();
  };

  for (let d = 0; d < shape.domains; d++) await s.nodes.createDomain(systemContext, domainPlan(shape, d));

  const phases: LoadPhase[] = [];
  const sequential = opts.concurrency <= 1 ? total : Math.min(total, opts.sequentialBusinesses);
  let next = 0;
  while (next < sequential && performance.now() < deadline) await loadBusiness(next++);
  const seqEnd = performance.now();
  phases.push({ label: '1 at a time', apps: appsDone, seconds: (seqEnd - started) / 1000 });

  if (next < total && opts.concurrency > 1) {
    const appsBefore = appsDone;
    const loader = async () => {
      while (next < total && performance.now() < deadline) await loadBusiness(next++);
    };
    await Promise.all(Array.from({ length: opts.concurrency }, loader));
    phases.push({ label: `${opts.concurrency} in parallel`, apps: appsDone - appsBefore, seconds: (performance.now() - seqEnd) / 1000 });
  }
  const seconds = (performance.now() - started) / 1000;
  const rowsByTable = diff(await countRows(db), before);
  const rows = sum(rowsByTable);
  const method =
    opts.concurrency <= 1
      ? 'service layer, one create at a time'
      : `service layer: first ${sequential.toLocaleString('en-US')} businesses one create at a time, the rest with ${opts.concurrency} ` +
        `concurrent loaders (each: createBusiness then its apps in order) on a pool of ${opts.concurrency + 2}`;
  return {
    apps: rowsByTable.apps,
    rows,
    rowsByTable,
    seconds,
    appsPerSec: rowsByTable.apps / seconds,
    rowsPerSec: rows / seconds,
    method,
    phases,
    complete: next >= total && rowsByTable.apps === total * shape.appsPerBusiness,
    businesses: next,
  };
}

// ── raw load ─────────────────────────────────────────────────────────────────

const COLUMNS: Record<TreeTable, readonly string[]> = {
  domains: ['id', 'name', 'title', 'description', 'created_at', 'updated_at'],
  businesses: ['id', 'domain_id', 'name', 'title', 'description', 'product_id', 'created_at', 'updated_at'],
  apps: [
    'id',
    'business_id',
    'name',
    'appid',
    'title',
    'description',
    'type',
    'level',
    'assurance',
    'lifecycle',
    'labels',
    'runtime',
    'created_at',
    'updated_at',
  ],
  app_labels: ['app_id', 'key', 'value'],
  role_bindings: ['scope_type', 'scope_id', 'role', 'subject', 'created_at'],
  audit_log: ['id', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'entity_key', 'before', 'after', 'request_id', 'batch_id'],
  outbox_events: ['id', 'type', 'entity_type', 'entity_id', 'payload', 'created_at'],
};

type Batch = Record<TreeTable, unknown[][]>;

/** Writes one batch in one transaction. */
interface RawWriter {
  write(batch: Batch): Promise<void>;
  close(): Promise<void>;
  method: string;
}

/** better-sqlite3 prepared single-row INSERTs, one transaction per batch. */
function sqliteWriter(handle: DbHandle): RawWriter {
  const sqlite = handle.sqlite;
  if (!sqlite) throw new Error('raw SQLite load needs the better-sqlite3 connection');
  const stmts = Object.fromEntries(
    TREE_TABLES.map((t) => [
      t,
      sqlite.prepare(`INSERT INTO ${t} (${COLUMNS[t].join(', ')}) VALUES (${COLUMNS[t].map(() => '?').join(', ')})`),
    ]),
  ) as Record<TreeTable, ReturnType<typeof sqlite.prepare>>;
  const tx = sqlite.transaction((batch: Batch) => {
    for (const t of TREE_TABLES) {
      const stmt = stmts[t];
      for (const row of batch[t]) stmt.run(row);
    }
  });
  return {
    method: 'better-sqlite3 prepared single-row INSERTs, one transaction per ≈10k rows',
    write: async (batch) => {
      tx(batch);
    },
    close: async () => {},
  };
}

const PG_MAX_ROWS = 1000;

/** pg multi-row INSERTs of up to 1,000 rows (named, so prepared once), one transaction per batch, one connection. */
async function postgresWriter(url: string): Promise<RawWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const text = (t: TreeTable, rows: number) => {
    const cols = COLUMNS[t];
    const values = Array.from({ length: rows }, (_, r) => `(${cols.map((_c, c) => `$${r * cols.length + c + 1}`).join(', ')})`);
    return `INSERT INTO ${t} (${cols.join(', ')}) VALUES ${values.join(', ')}`;
  };
  const full = Object.fromEntries(TREE_TABLES.map((t) => [t, text(t, PG_MAX_ROWS)])) as Record<TreeTable, string>;
  return {
    method: 'pg multi-row INSERTs (≤1,000 rows per statement, prepared), one transaction per ≈10k rows, one connection',
    write: async (batch) => {
      await client.query('BEGIN');
      for (const t of TREE_TABLES) {
        const rows = batch[t];
        for (let i = 0; i < rows.length; i += PG_MAX_ROWS) {
          const chunk = rows.slice(i, i + PG_MAX_ROWS);
          const values = chunk.flat();
          if (chunk.length === PG_MAX_ROWS) await client.query({ name: `bench_${t}`, text: full[t], values });
          else await client.query(text(t, chunk.length), values);
        }
      }
      await client.query('COMMIT');
    },
    close: () => client.end(),
  };
}

/** People as the services store and show them: each role once, subjects de-duplicated, ordered by role then subject. */
function peopleRows(scopeType: string, id: string, people: People, at: string): { rows: unknown[][]; view: People } {
  const rows: unknown[][] = [];
  const view: People = {};
  for (const role of [...ROLES].sort()) {
    const subjects = people[role];
    if (!subjects) continue;
    const unique = [...new Set(subjects)].sort();
    for (const subject of unique) rows.push([scopeType, id, role, subject, at]);
    if (unique.length) view[role] = unique;
  }
  return { rows, view };
}

/**
 * Inserts the same rows the service load writes (tree rows, labels, role bindings, one audit row and one
 * outbox event per node, with the same JSON documents) with raw statements: the physical limit the
 * service layer is compared with. Row building (ids, JSON) is inside the timing, as it is for the services.
 */
export async function loadRaw(
  handle: DbHandle,
  databaseUrl: string | undefined,
  shape: TreeShape,
  opts: { fromBusiness?: number } = {},
): Promise<LoadResult> {
  const fromBusiness = opts.fromBusiness ?? 0;
  const db = handle.db;
  const products = await db
    .selectFrom('products')
    .innerJoin('orgs', 'orgs.id', 'products.org_id')
    .select(['products.id', 'products.name', 'orgs.name as org'])
    .execute();
  const productByName = new Map(products.map((p) => [p.name, p]));
  const before = await countRows(db);
  const writer = handle.dialect === 'sqlite' ? sqliteWriter(handle) : await postgresWriter(databaseUrl as string);
  const ids = ulidGenerator();
  const empty = (): Batch => Object.fromEntries(TREE_TABLES.map((t) => [t, []])) as unknown as Batch;
  let batch = empty();
  let pending = 0;
  const push = (t: TreeTable, row: unknown[]) => {
    batch[t].push(row);
    pending++;
  };
  const flush = async () => {
    if (pending === 0) return;
    const b = batch;
    batch = empty();
    pending = 0;
    await writer.write(b);
  };
  const audit = (entityType: string, entityId: string, entityKey: string, after: unknown, at: string) => {
    const auditId = ids.next();
    push('audit_log', [auditId, at, 'system', 'created', entityType, entityId, entityKey, null, JSON.stringify(after), null, null]);
    const payload = JSON.stringify({ auditId, at, actor: 'system', entityKey, before: null, after });
    push('outbox_events', [ids.next(), `${entityType}.created`, entityType, entityId, payload, at]);
  };

  const started = performance.now();
  const domainIds: string[] = [];
  if (fromBusiness > 0) {
    // Completing a tree the services began: its domains exist.
    const rows = await db.selectFrom('domains').select(['id', 'name']).execute();
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    for (let d = 0; d < shape.domains; d++) domainIds.push(byName.get(domainPlan(shape, d).name) as string);
  }
  for (let d = 0; d < shape.domains && fromBusiness === 0; d++) {
    const p: DomainPlan = domainPlan(shape, d);
    const id = ids.next();
    const now = new Date().toISOString();
    domainIds.push(id);
    push('domains', [id, p.name, p.title, p.description, now, now]);
    const people = peopleRows('domain', id, p.people, now);
    for (const r of people.rows) push('role_bindings', r);
    const view = {
      id,
      name: p.name,
      title: p.title,
      description: p.description,
      people: people.view,
      businessCount: 0,
      appCount: 0,
      aliases: [],
      createdAt: now,
      updatedAt: now,
    };
    audit('domain', id, p.name, view, now);
  }
  for (let i = fromBusiness; i < businessCount(shape); i++) {
    const d = Math.floor(i / shape.businessesPerDomain);
    const b = i % shape.businessesPerDomain;
    const bp: BusinessPlan = businessPlan(shape, d, b);
    const product = productByName.get(bp.product);
    if (!product) throw new Error(`unknown product ${bp.product}`);
    const businessId = ids.next();
    const now = new Date().toISOString();
    push('businesses', [businessId, domainIds[d], bp.name, bp.title, bp.description, product.id, now, now]);
    const bPeople = peopleRows('business', businessId, bp.people, now);
    for (const r of bPeople.rows) push('role_bindings', r);
    const key = `${bp.domain}.${bp.name}`;
    const bView = {
      id: businessId,
      key,
      domain: bp.domain,
      name: bp.name,
      title: bp.title,
      description: bp.description,
      product: bp.product,
      people: bPeople.view,
      appCount: 0,
      aliases: [],
      createdAt: now,
      updatedAt: now,
    };
    audit('business', businessId, key, bView, now);
    for (let a = 0; a < shape.appsPerBusiness; a++) {
      const ap: AppPlan = appPlan(shape, d, b, a);
      const id = ids.next();
      const at = new Date().toISOString();
      const appid = `${key}.${ap.name}`;
      push('apps', [
        id,
        businessId,
        ap.name,
        appid,
        ap.title,
        ap.description,
        ap.type,
        ap.level,
        ap.assurance,
        ap.lifecycle,
        JSON.stringify(ap.labels),
        JSON.stringify(ap.runtime),
        at,
        at,
      ]);
      for (const [k, v] of Object.entries(ap.labels)) push('app_labels', [id, k, v]);
      const people = peopleRows('app', id, ap.people, at);
      for (const r of people.rows) push('role_bindings', r);
      const view = {
        id,
        appid,
        domain: bp.domain,
        business: key,
        name: ap.name,
        title: ap.title,
        description: ap.description,
        type: ap.type,
        level: ap.level,
        assurance: ap.assurance,
        lifecycle: ap.lifecycle,
        product: bp.product,
        org: product.org,
        labels: ap.labels,
        runtime: ap.runtime,
        people: people.view,
        aliases: [],
        createdAt: at,
        updatedAt: at,
      };
      audit('app', id, appid, view, at);
    }
    if (pending >= 10_000) await flush();
  }
  await flush();
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  const rowsByTable = diff(await countRows(db), before);
  const rows = sum(rowsByTable);
  return {
    apps: rowsByTable.apps,
    rows,
    rowsByTable,
    seconds,
    appsPerSec: rowsByTable.apps / seconds,
    rowsPerSec: rows / seconds,
    method: writer.method,
    phases: [{ label: 'raw', apps: rowsByTable.apps, seconds }],
    complete: true,
    businesses: businessCount(shape) - fromBusiness,
  };
}

/**
 * Time per `apps.create` (system context, people, labels, runtime) on a database that already holds
 * the tree: a scratch domain with businesses of 10 apps each. Used to compare connection variants.
 */
export async function measureCreates(s: Services, scratchDomain: string, apps: number): Promise<number> {
  const one: TreeShape = { domains: 1, businessesPerDomain: 1, appsPerBusiness: 10 };
  await s.nodes.createDomain(systemContext, { name: scratchDomain });
  let elapsed = 0;
  let created = 0;
  for (let b = 0; created < apps; b++) {
    const name = businessName(b);
    await s.nodes.createBusiness(systemContext, { domain: scratchDomain, name, product: prerequisites(one).products[0]?.name as string });
    const t0 = performance.now();
    for (let a = 0; a < 10; a++, created++) {
      await s.apps.create(systemContext, { ...appPlan(one, 0, b, a), business: `${scratchDomain}.${name}` });
    }
    elapsed += performance.now() - t0;
  }
  return (elapsed * 1000) / created;
}
