import { sql } from 'kysely';
import { expect } from 'vitest';
import type { DbHandle } from '../src/db/connect.ts';
import { recomputeCosts } from '../src/modules/billing/index.ts';
import { type Api, type ResourceWorld, resourcePath, resourceWorld } from './resource-helpers.ts';

type Headers = Record<string, string>;

/** The resource world with an HTTP client per tenant. */
export interface BillingWorld extends ResourceWorld {
  kubeApi: Api;
  dbaApi: Api;
}

export async function billingWorld(handle: DbHandle): Promise<BillingWorld> {
  const w = await resourceWorld(handle);
  return { ...w, kubeApi: w.api.as(w.kube.auth), dbaApi: w.api.as(w.dba.auth) };
}

export interface PushResult {
  ingestId: string;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; billId: string | null; code: string; message: string }>;
  ignoredColumns: string[];
}

let billCounter = 0;

/** A FOCUS line in CNY with a fresh BillId unless `more` names one. */
export function bill(
  resource: string,
  start: string,
  end: string,
  cost: string | number,
  more: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    BillId: `bill-${++billCounter}`,
    ResourceId: resource,
    ChargePeriodStart: start,
    ChargePeriodEnd: end,
    BilledCost: cost,
    BillingCurrency: 'CNY',
    ...more,
  };
}

/** POST /api/v1/bills, expecting 200. */
export async function push(api: Api, lines: unknown[]): Promise<PushResult> {
  const res = await api.post('/api/v1/bills', { lines });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** POST /api/v1/bills expecting every line accepted. */
export async function pushAll(api: Api, lines: unknown[]): Promise<PushResult> {
  const r = await push(api, lines);
  expect(r.rejected).toEqual([]);
  expect(r.accepted).toBe(lines.length);
  return r;
}

export interface CostsBody {
  from: string;
  to: string;
  groupBy: string[];
  scope: string | null;
  rows: Array<{ key: Record<string, string | null>; currency: string; amount: string }>;
  totals: Array<{ currency: string; amount: string }>;
}

/** GET /api/v1/costs?<query>, expecting 200. */
export async function costs(api: Api, query: string, auth?: Headers): Promise<CostsBody> {
  const res = await api.get(`/api/v1/costs?${query}`, auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Cost rows as sorted `key… currency amount` strings: order-independent, one exact comparison. */
export function costLines(body: CostsBody): string[] {
  return body.rows.map((r) => `${body.groupBy.map((g) => `${g}=${r.key[g] ?? '-'}`).join(' ')} ${r.currency} ${r.amount}`.trim()).sort();
}

export interface TreeNode {
  kind: string;
  key: string;
  title: string;
  amount: string;
  children?: TreeNode[];
}

/** A cost tree as nested `[kind key amount, children]`, titles left out. */
export function treeShape(nodes: TreeNode[]): unknown[] {
  return nodes.map((n) => (n.children ? [`${n.kind} ${n.key} ${n.amount}`, treeShape(n.children)] : `${n.kind} ${n.key} ${n.amount}`));
}

/** GET /api/v1/statements/{month}, JSON and CSV, expecting 200 for both. */
export async function statementBoth(api: Api, month: string): Promise<{ json: unknown; csv: string }> {
  const json = await api.get(`/api/v1/statements/${month}`);
  expect(json.statusCode, json.body).toBe(200);
  const csv = await api.get(`/api/v1/statements/${month}?format=csv`);
  expect(csv.statusCode, csv.body).toBe(200);
  return { json: json.json(), csv: csv.body };
}

/** Every row of the billing tables, as sorted JSON lines. */
export async function billingTables(handle: DbHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of [
    'bill_lines',
    'cost_allocations',
    'cost_daily',
    'cost_monthly',
    'bill_rejections',
    'statement_months',
    'statement_lines',
  ]) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(handle.db)).rows;
    out[t] = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
  }
  return out;
}

/** The maintained roll-ups equal a recomputation from the allocations. */
export async function expectRollupsRecompute(handle: DbHandle): Promise<void> {
  const { mismatches } = await recomputeCosts(handle.db, handle.dialect);
  expect(mismatches).toEqual([]);
}

/** POST …/attach as `api` (a tenant), expecting 200. */
export async function attach(api: Api, key: string, appid: string, env: string, weight?: number): Promise<void> {
  const res = await api.post(`/api/v1/resources/${resourcePath(key)}/attach`, { appid, env, ...(weight !== undefined && { weight }) });
  expect(res.statusCode, res.body).toBe(200);
}

/** POST …/detach as `api` (a tenant), expecting 200. */
export async function detach(api: Api, key: string, target: { appid?: string; env?: string } = {}): Promise<void> {
  const res = await api.post(`/api/v1/resources/${resourcePath(key)}/detach`, target);
  expect(res.statusCode, res.body).toBe(200);
}

/** Decimal text → micro-units, by string arithmetic (independent of the code under test). */
export function micros(text: string): bigint {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = text.replace(/^[+-]/, '').split('.');
  const v = BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0') || '0');
  return negative ? -v : v;
}
