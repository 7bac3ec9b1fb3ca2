import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect, onTestFinished } from 'vitest';
import { readJson, toNumber } from '../src/db/dialect.ts';
import type { Database } from '../src/db/schema.ts';
import { AppError } from '../src/shared/errors.ts';
import { type Factory, httpApp } from './factories.ts';

/** How many audit rows and outbox events the database holds. */
export async function changeCounts(db: Kysely<Database>): Promise<{ audit: number; outbox: number }> {
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const outbox = await db
    .selectFrom('outbox_events')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { audit: toNumber(audit.n), outbox: toNumber(outbox.n) };
}

export interface WrittenChange {
  audit: { id: string; actor: string; action: string; entityType: string; entityId: string; entityKey: string };
  event: { type: string; entityType: string; entityId: string; payload: { auditId: string; entityKey: string; actor: string } };
}

/**
 * Runs `fn` and returns the audit rows and outbox events it added (rows whose id was not there
 * before), oldest first.
 */
export async function changesDuring<T>(
  db: Kysely<Database>,
  fn: () => Promise<T>,
): Promise<{ result: T; audit: WrittenChange['audit'][]; events: WrittenChange['event'][] }> {
  const auditBefore = new Set((await db.selectFrom('audit_log').select('id').execute()).map((r) => r.id));
  const eventsBefore = new Set((await db.selectFrom('outbox_events').select('id').execute()).map((r) => r.id));
  const result = await fn();
  const audit = (await db.selectFrom('audit_log').selectAll().orderBy('id').execute())
    .filter((r) => !auditBefore.has(r.id))
    .map((r) => ({
      id: r.id,
      actor: r.actor,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      entityKey: r.entity_key,
    }));
  const events = (await db.selectFrom('outbox_events').selectAll().orderBy('id').execute())
    .filter((r) => !eventsBefore.has(r.id))
    .map((r) => ({
      type: r.type,
      entityType: r.entity_type,
      entityId: r.entity_id,
      payload: readJson<WrittenChange['event']['payload']>(r.payload),
    }));
  return { result, audit, events };
}

/**
 * Asserts that `fn` wrote exactly one audit row and one outbox event of type `type`, and that the
 * event points at the audit row. Returns what `fn` returned and the change written.
 */
export async function expectOneChange<T>(db: Kysely<Database>, type: string, fn: () => Promise<T>): Promise<{ result: T } & WrittenChange> {
  const before = await changeCounts(db);
  const { result, audit, events } = await changesDuring(db, fn);
  const after = await changeCounts(db);
  expect(after).toEqual({ audit: before.audit + 1, outbox: before.outbox + 1 });
  const [row] = audit;
  const [event] = events;
  if (!row || !event) throw new Error('unreachable: the counts said one of each');
  expect(event.type).toBe(type);
  expect(`${row.entityType}.${row.action}`).toBe(type);
  expect(event.entityId).toBe(row.entityId);
  expect(event.payload.auditId).toBe(row.id);
  expect(event.payload.entityKey).toBe(row.entityKey);
  return { result, audit: row, event };
}

/** Asserts that `fn` wrote neither an audit row nor an outbox event. */
export async function expectNoChange(db: Kysely<Database>, fn: () => Promise<unknown>): Promise<void> {
  const before = await changeCounts(db);
  await fn();
  expect(await changeCounts(db)).toEqual(before);
}

/** The AppError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject with an AppError, but it resolved');
}

/** The error a service call refused with, as `{ status, code, details }` for one exact comparison. */
export async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; details: unknown }> {
  const e = await caught(promise);
  return { status: e.status, code: e.code, details: e.details };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Headers = Record<string, string>;

export interface Client {
  app: FastifyInstance;
  get(url: string, auth?: Headers): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, auth?: Headers): Promise<LightMyRequestResponse>;
  patch(url: string, payload: unknown, auth?: Headers): Promise<LightMyRequestResponse>;
  delete(url: string, auth?: Headers): Promise<LightMyRequestResponse>;
}

/**
 * The HTTP app over the factory's services with a client that sends `auth` (an
 * `{ authorization: 'Bearer …' }` header) unless a call passes its own. The app closes after the test.
 */
export async function httpClient(f: Factory, auth: Headers): Promise<Client> {
  const app = await httpApp(f);
  onTestFinished(() => app.close());
  const call = (method: Method, url: string, payload: unknown, headers: Headers) =>
    app.inject({ method, url, headers, ...(payload !== undefined && { payload: payload as object }) });
  return {
    app,
    get: (url, h = auth) => call('GET', url, undefined, h),
    post: (url, payload, h = auth) => call('POST', url, payload ?? {}, h),
    patch: (url, payload, h = auth) => call('PATCH', url, payload, h),
    delete: (url, h = auth) => call('DELETE', url, undefined, h),
  };
}

/** Asserts an error response: status, stable code, the `{ error, requestId }` shape, and (optionally) exact details. */
export function expectError(res: LightMyRequestResponse, status: number, code: string, details?: Record<string, unknown>): void {
  expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
  const body = res.json();
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  if (details !== undefined) expect(body.error.details).toEqual(details);
}
