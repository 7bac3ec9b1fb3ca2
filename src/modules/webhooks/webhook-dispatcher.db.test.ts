import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { factory } from '../../../test/factories.ts';
import { T0 } from '../../../test/resource-helpers.ts';
import { readJson } from '../../db/dialect.ts';
import { fixedClock } from '../../shared/clock.ts';
import { ulidGenerator } from '../../shared/ids.ts';
import { systemContext } from '../auth/principal.ts';
import type { WebhookHttpClient } from './http-client.ts';
import { verifySignature } from './signature.ts';
import type { WebhookDispatcherOptions } from './webhook-dispatcher.ts';
import { Receiver } from './webhook-receiver.testkit.ts';
import type { WebhookDelivery } from './webhooks.types.ts';

const ctx = systemContext;

async function receiver(): Promise<Receiver> {
  const rx = await Receiver.start();
  onTestFinished(() => rx.close());
  return rx;
}

/** An HTTP client that answers `status()` and notes when (by the test clock) each request came. */
function scriptedClient(now: () => Date, status: () => number) {
  const calls: Array<{ at: string; url: string; body: string; headers: Record<string, string> }> = [];
  const http: WebhookHttpClient = {
    async post(url, body, headers) {
      calls.push({ at: now().toISOString(), url, body, headers });
      return { status: status() };
    },
  };
  return { http, calls };
}

describeEachDialect('webhook dispatcher', (db) => {
  function services(clock: ReturnType<typeof fixedClock>, webhooks: WebhookDispatcherOptions) {
    return factory(db(), { clock, webhooks });
  }

  async function deliveriesOf(s: ReturnType<typeof services>['s'], id: string): Promise<WebhookDelivery[]> {
    const page = await s.webhooks.deliveries(ctx, id, { limit: 1000 });
    return [...page.items].reverse();
  }

  /** The outbox events a subscription to `prefix.*` should get, in event order. */
  async function eventIds(prefix: string, since: string): Promise<string[]> {
    const rows = await db()
      .db.selectFrom('outbox_events')
      .select(['id', 'type', 'created_at'])
      .where('type', 'like', `${prefix}.%`)
      .where('created_at', '>=', since)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  it('delivers every event, in order per subscription and signed, after the receiver was down and the server restarted', async () => {
    const clock = fixedClock(T0);
    const rx = await receiver();
    const opts = { timeoutMs: 2000, leaseMs: 5000, backoffBaseMs: 1000, backoffCapMs: 4000, maxAttempts: 100 };
    const first = services(clock, opts);
    const a = await first.s.webhooks.create(ctx, { url: rx.url('/a'), events: ['domain.*'] });
    const b = await first.s.webhooks.create(ctx, { url: rx.url('/b'), events: ['domain.created', 'business.created'] });

    rx.status = 503;
    for (let i = 0; i < 3; i++) {
      clock.advance(10);
      await first.domain(`early-${'abc'[i]}`);
    }
    await first.s.webhookDispatcher.drain();
    // Only each subscription's head went out: the others wait behind it.
    expect(rx.received.map((r) => [r.path, r.answered]).sort()).toEqual([
      ['/a', 503],
      ['/b', 503],
    ]);

    await rx.down();
    clock.advance(1000);
    await first.s.webhookDispatcher.drain();
    const [head] = await deliveriesOf(first.s, a.id);
    expect(head).toMatchObject({ status: 'pending', attempts: 2, lastStatus: null });
    expect(head?.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    await first.s.webhookDispatcher.stop();

    // "Restart": a new process on the same database, with events made while nothing delivered.
    clock.advance(10);
    const second = services(clock, opts);
    for (let i = 0; i < 2; i++) {
      clock.advance(10);
      const d = await second.domain(`late-${'ab'[i]}`);
      await second.business({ domain: d.name, name: 'order' });
    }
    await rx.up();
    rx.status = 200;
    for (let i = 0; i < 30; i++) {
      await second.s.webhookDispatcher.drain();
      const open = [...(await deliveriesOf(second.s, a.id)), ...(await deliveriesOf(second.s, b.id))].filter(
        (d) => d.status !== 'delivered',
      );
      if (open.length === 0) break;
      clock.advance(4000);
    }

    const wantA = await eventIds('domain', a.createdAt);
    const wantB = [...(await eventIds('domain', b.createdAt)), ...(await eventIds('business', b.createdAt))].sort();
    expect(wantA.length).toBe(5);
    expect(wantB.length).toBe(7);
    // Every event, each once here (at least once in general), in event order.
    expect(rx.delivered('/a').map((e) => e.id)).toEqual(wantA);
    expect(rx.delivered('/b').map((e) => e.id)).toEqual(wantB);
    for (const r of rx.received) {
      const secret = r.path === '/a' ? a.secret : b.secret;
      expect(verifySignature(secret, r.body, r.headers['x-appmeta-signature'] as string)).toBe(true);
      expect(verifySignature(secret === a.secret ? b.secret : a.secret, r.body, r.headers['x-appmeta-signature'] as string)).toBe(false);
      const body = JSON.parse(r.body);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-appmeta-event']).toBe(body.type);
      expect(typeof r.headers['x-appmeta-delivery']).toBe('string');
      expect(Object.keys(body)).toEqual(['id', 'type', 'createdAt', 'data']);
    }
    const created = rx.delivered('/a')[0];
    const event = await db()
      .db.selectFrom('outbox_events')
      .selectAll()
      .where('id', '=', created?.id as string)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ id: event.id, type: 'domain.created', createdAt: event.created_at, data: readJson(event.payload) });
  });

  it('retries with exponential backoff up to the cap, fails after the last attempt, moves on, and redelivers by hand', async () => {
    const clock = fixedClock(T0);
    let status = 500;
    const { http, calls } = scriptedClient(clock.now, () => status);
    const f = services(clock, { http, maxAttempts: 4, backoffBaseMs: 10_000, backoffCapMs: 25_000 });
    const sub = await f.s.webhooks.create(ctx, { url: 'https://hooks.example.com/x', events: ['domain.created'] });
    await f.domain('first');
    clock.advance(1);
    await f.domain('second');
    const d = f.s.webhookDispatcher;

    expect((await d.drain()).attempted).toBe(1);
    let [one, two] = await deliveriesOf(f.s, sub.id);
    expect(one).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    expect(one?.nextAttemptAt).toBe(new Date(Date.parse(T0) + 1 + 10_000).toISOString());
    expect(two).toMatchObject({ status: 'pending', attempts: 0 });

    // Not due yet: nothing goes out, however often the dispatcher looks.
    expect((await d.drain()).attempted).toBe(0);
    clock.advance(9_999);
    expect((await d.drain()).attempted).toBe(0);
    clock.advance(1);
    expect((await d.drain()).attempted).toBe(1);
    clock.advance(20_000);
    expect((await d.drain()).attempted).toBe(1);
    clock.advance(25_000); // 40 s would be next, the cap says 25 s
    // The fourth attempt fails for good; the second event, unblocked, gets its first attempt.
    expect((await d.drain()).attempted).toBe(2);
    const gaps = calls.map((c, i) => (i === 0 ? 0 : Date.parse(c.at) - Date.parse(calls[i - 1]?.at as string)));
    expect(gaps).toEqual([0, 10_000, 20_000, 25_000, 0]);
    [one, two] = await deliveriesOf(f.s, sub.id);
    expect(one).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null, lastError: 'HTTP 500' });
    expect(two).toMatchObject({ status: 'pending', attempts: 1 });

    status = 204;
    const again = await f.s.webhooks.redeliver(ctx, sub.id, one?.id as string);
    expect(again).toMatchObject({ status: 'pending', attempts: 0 });
    // The redelivered event keeps its place: it goes out first, before the second one's retry is due.
    expect((await d.drain()).attempted).toBe(1);
    expect(JSON.parse(calls.at(-1)?.body as string).id).toBe(one?.eventId);
    const redeliveredAt = clock.now().toISOString();
    clock.advance(10_000);
    expect((await d.drain()).attempted).toBe(1);
    [one, two] = await deliveriesOf(f.s, sub.id);
    expect(one).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204, lastError: null, deliveredAt: redeliveredAt });
    expect(two).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204 });
    // a delivered one can be sent again too
    await f.s.webhooks.redeliver(ctx, sub.id, two?.id as string);
    expect((await d.drain()).attempted).toBe(1);
  });

  it('ends an attempt the receiver does not answer after the timeout, and retries it', async () => {
    const clock = fixedClock(T0);
    const rx = await receiver();
    rx.hang = true;
    const f = services(clock, { timeoutMs: 200, leaseMs: 1000 });
    const sub = await f.s.webhooks.create(ctx, { url: rx.url(), events: ['domain.created'] });
    await f.domain();
    const started = Date.now();
    expect((await f.s.webhookDispatcher.drain()).attempted).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    const [one] = await deliveriesOf(f.s, sub.id);
    expect(one).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'timed out after 200 ms' });
    rx.hang = false;
    clock.advance(10_000);
    await f.s.webhookDispatcher.drain();
    expect((await deliveriesOf(f.s, sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('sends again what a process sent but died before recording, once its lease has run out', async () => {
    const clock = fixedClock(T0);
    let sentByDead = 0;
    const dying: WebhookHttpClient = {
      post: () => {
        sentByDead++;
        return new Promise(() => {}); // the process dies while waiting for the answer
      },
    };
    const dead = services(clock, { http: dying, leaseMs: 30_000 });
    const { http, calls } = scriptedClient(clock.now, () => 200);
    const alive = services(clock, { http, leaseMs: 30_000 });
    const sub = await dead.s.webhooks.create(ctx, { url: 'https://hooks.example.com/x', events: ['domain.created'] });
    await dead.domain();
    void dead.s.webhookDispatcher.tick();
    await vi.waitFor(() => expect(sentByDead).toBe(1), { timeout: 5000 });

    expect((await alive.s.webhookDispatcher.drain()).attempted).toBe(0);
    expect((await deliveriesOf(alive.s, sub.id))[0]).toMatchObject({ status: 'delivering', attempts: 1 });
    clock.advance(29_999);
    expect((await alive.s.webhookDispatcher.drain()).attempted).toBe(0);
    clock.advance(1);
    expect((await alive.s.webhookDispatcher.drain()).attempted).toBe(1);
    expect(calls).toHaveLength(1);
    expect((await deliveriesOf(alive.s, sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('picks up an event committed late, with an id older than events already delivered', async () => {
    const clock = fixedClock(T0);
    const { http, calls } = scriptedClient(clock.now, () => 200);
    const f = services(clock, { http });
    const sub = await f.s.webhooks.create(ctx, { url: 'https://hooks.example.com/x', events: ['statement.*'] });
    // Its id and time are taken at T0 + 10 s; its transaction commits only after later events were delivered.
    const lateAt = new Date(Date.parse(T0) + 10_000);
    const lateId = ulidGenerator(() => lateAt.getTime()).next();
    clock.advance(60_000);
    await f.s.deps.transaction((tx) =>
      f.s.deps.changes.emit(tx, { type: 'statement.closed', entityType: 'statement', entityId: '2026-10', payload: { month: '2026-10' } }),
    );
    await f.s.webhookDispatcher.drain();
    expect(calls).toHaveLength(1);

    await db()
      .db.insertInto('outbox_events')
      .values({
        id: lateId,
        type: 'statement.closed',
        entity_type: 'statement',
        entity_id: '2026-09',
        payload: JSON.stringify({ month: '2026-09' }),
        created_at: lateAt.toISOString(),
      })
      .execute();
    await f.s.webhookDispatcher.drain();
    expect(calls.map((c) => JSON.parse(c.body).data.month)).toEqual(['2026-10', '2026-09']);
    expect((await deliveriesOf(f.s, sub.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(await f.s.webhooks.repo.countPendingEvents(db().db)).toBe(0);
  });

  it('fans out only to active subscriptions whose patterns match, from their creation on, once per event', async () => {
    const clock = fixedClock(T0);
    const { http, calls } = scriptedClient(clock.now, () => 200);
    const f = services(clock, { http });
    await f.domain('before');
    clock.advance(1);
    const all = await f.s.webhooks.create(ctx, { url: 'https://h.example.com/all', events: ['*'] });
    const doms = await f.s.webhooks.create(ctx, { url: 'https://h.example.com/doms', events: ['domain.*'] });
    const paused = await f.s.webhooks.create(ctx, { url: 'https://h.example.com/paused', events: ['*'] });
    await f.s.webhooks.update(ctx, paused.id, { active: false });
    const d = await f.domain('after');
    await f.s.nodes.updateDomain(ctx, d.name, { title: 'After' });
    await f.s.webhookDispatcher.drain();
    await f.s.webhookDispatcher.drain();

    const got = (path: string) => calls.filter((c) => c.url.endsWith(path)).map((c) => JSON.parse(c.body).type);
    // `*` also sees the webhook changes themselves (made after it existed)
    expect(got('/all')).toEqual([
      'webhook.created',
      'webhook.created',
      'webhook.created',
      'webhook.updated',
      'domain.created',
      'domain.updated',
    ]);
    expect(got('/doms')).toEqual(['domain.created', 'domain.updated']);
    expect(got('/paused')).toEqual([]);
    expect((await deliveriesOf(f.s, all.id)).length).toBe(6);
    expect((await deliveriesOf(f.s, doms.id)).length).toBe(2);

    // Resumed, it gets what happens from now on, not what happened while it was paused.
    await f.s.webhooks.update(ctx, paused.id, { active: true });
    await f.s.webhookDispatcher.drain();
    expect(got('/paused')).toEqual(['webhook.updated']);
  });

  it('never lets two dispatchers on one database send the same delivery, and keeps each subscription in order', async () => {
    const clock = fixedClock(T0);
    const rx = await receiver();
    const opts = { concurrency: 4, fanOutBatch: 3 };
    const one = services(clock, opts);
    const two = services(clock, opts);
    const subs: Array<{ id: string; createdAt: string }> = [];
    for (const p of ['/a', '/b', '/c']) subs.push(await one.s.webhooks.create(ctx, { url: rx.url(p), events: ['domain.created'] }));
    for (let i = 0; i < 8; i++) {
      clock.advance(1);
      await (i % 2 ? one : two).domain(`dom-${'abcdefgh'[i]}`);
    }
    await Promise.all([one.s.webhookDispatcher.drain(), two.s.webhookDispatcher.drain(), one.s.webhookDispatcher.drain()]);
    await Promise.all([one.s.webhookDispatcher.drain(), two.s.webhookDispatcher.drain()]);

    const deliveryIds = rx.received.map((r) => r.headers['x-appmeta-delivery']);
    expect(deliveryIds.length).toBe(24);
    expect(new Set(deliveryIds).size).toBe(24);
    const want = await eventIds('domain', subs[0]?.createdAt as string);
    for (const p of ['/a', '/b', '/c']) expect(rx.delivered(p).map((e) => e.id)).toEqual(want);

    // The claim itself: of many processes racing for one subscription's lease, exactly one wins.
    await one.domain('dom-z');
    await one.s.webhookDispatcher.fanOut();
    const now = clock.now().toISOString();
    const until = new Date(clock.now().getTime() + 60_000).toISOString();
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? one : two).s.webhooks.repo.claimSubscription(db().db, subs[0]?.id as string, `p${i}`, now, until),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('runs on a timer from start() until stop()', async () => {
    const rx = await receiver();
    const f = factory(db(), { webhooks: {} });
    await f.s.webhooks.create(ctx, { url: rx.url(), events: ['domain.created'] });
    await f.domain();
    f.s.webhookDispatcher.start(20);
    onTestFinished(() => f.s.webhookDispatcher.stop());
    await vi.waitFor(() => expect(rx.delivered()).toHaveLength(1), { timeout: 5000, interval: 20 });
    await f.s.webhookDispatcher.stop();
    await f.domain();
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.received).toHaveLength(1);
  });
});

describe('webhook dispatcher options', () => {
  it('refuses a lease no longer than the attempt timeout', async () => {
    const { WebhookDispatcher } = await import('./webhook-dispatcher.ts');
    expect(() => new WebhookDispatcher({} as never, {} as never, { timeoutMs: 10_000, leaseMs: 10_000 })).toThrow(/leaseMs/);
  });
});
