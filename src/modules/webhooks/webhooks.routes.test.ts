import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { factory } from '../../../test/factories.ts';
import { T0 } from '../../../test/resource-helpers.ts';
import { changesDuring, expectError, expectNoChange, httpClient } from '../../../test/tree-helpers.ts';
import { fixedClock } from '../../shared/clock.ts';
import type { WebhookHttpClient } from './http-client.ts';

describeEachDialect('webhook routes', (db) => {
  async function setup() {
    const clock = fixedClock(T0);
    let status = 200;
    const http: WebhookHttpClient = { post: async () => ({ status }) };
    const f = factory(db(), { clock, webhooks: { http, maxAttempts: 2 } });
    const admin = await f.userWithToken('root', { isAdmin: true });
    const user = await f.userWithToken('alice');
    const c = await httpClient(f, admin.auth);
    return { f, c, clock, user: user.auth, setStatus: (s: number) => (status = s) };
  }

  const body = { url: 'https://hooks.example.com/appmeta', events: ['statement.closed', 'domain.*'], description: 'finance' };

  it('subscribes a URL and shows the secret only in the answer to the subscription, and audits it without the secret', async () => {
    const { f, c } = await setup();
    const { result: res, audit, events } = await changesDuring(f.s.deps.db, () => c.post('/api/v1/webhooks', body));
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toEqual({
      id: expect.any(String),
      ...body,
      active: true,
      createdBy: 'user:root',
      createdAt: T0,
      updatedAt: T0,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    expect(audit.map((a) => [a.actor, a.action, a.entityType, a.entityId])).toEqual([['user:root', 'created', 'webhook', created.id]]);
    expect(events.map((e) => e.type)).toEqual(['webhook.created']);
    expect(JSON.stringify(events)).not.toContain(created.secret);
    const auditRows = await f.s.deps.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(auditRows)).not.toContain(created.secret);

    const { secret: _secret, ...shown } = created;
    const got = await c.get(`/api/v1/webhooks/${created.id}`);
    expect([got.statusCode, got.json()]).toEqual([200, shown]);
    const list = await c.get('/api/v1/webhooks');
    expect([list.statusCode, list.json()]).toEqual([200, { items: [shown] }]);
    expect(got.body + list.body).not.toContain(created.secret);
  });

  it('refuses URLs that are not http(s) and malformed event patterns with 400 and stable codes, writing nothing', async () => {
    const { f, c } = await setup();
    await expectNoChange(f.s.deps.db, async () => {
      for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'example.com/hook', 'javascript:alert(1)']) {
        expectError(await c.post('/api/v1/webhooks', { ...body, url }), 400, 'invalid_webhook_url', { field: 'url' });
      }
      expectError(await c.post('/api/v1/webhooks', { ...body, events: ['domain.created', 'Domain*'] }), 400, 'invalid_event_pattern', {
        field: 'events.1',
        value: 'Domain*',
      });
      expectError(await c.post('/api/v1/webhooks', { ...body, events: [] }), 400, 'validation_failed');
      expectError(await c.post('/api/v1/webhooks', { url: body.url }), 400, 'validation_failed');
      expectError(await c.post('/api/v1/webhooks', { ...body, secret: 'mine' }), 400, 'validation_failed');
    });
    const id = (await c.post('/api/v1/webhooks', body)).json().id;
    expectError(await c.patch(`/api/v1/webhooks/${id}`, { url: 'gopher://x' }), 400, 'invalid_webhook_url');
    expectError(await c.patch(`/api/v1/webhooks/${id}`, { events: ['*.created'] }), 400, 'invalid_event_pattern');
    expectError(await c.get(`/api/v1/webhooks/${id}/deliveries?cursor=%25%25`), 400, 'invalid_cursor');
    expectError(await c.get(`/api/v1/webhooks/${id}/deliveries?status=lost`), 400, 'validation_failed');
  });

  it('lets only admins manage webhooks: a user gets 403 admin_required, no token 401', async () => {
    const { f, c, user } = await setup();
    const id = (await c.post('/api/v1/webhooks', body)).json().id;
    await expectNoChange(f.s.deps.db, async () => {
      const calls = [
        () => c.post('/api/v1/webhooks', body, user),
        () => c.get('/api/v1/webhooks', user),
        () => c.get(`/api/v1/webhooks/${id}`, user),
        () => c.patch(`/api/v1/webhooks/${id}`, { active: false }, user),
        () => c.delete(`/api/v1/webhooks/${id}`, user),
        () => c.get(`/api/v1/webhooks/${id}/deliveries`, user),
        () => c.post(`/api/v1/webhooks/${id}/deliveries/01ARZ3NDEKTSV4RRFFQ69G5FAV/redeliver`, {}, user),
      ];
      for (const call of calls) expectError(await call(), 403, 'admin_required');
      for (const call of [() => c.get('/api/v1/webhooks', {}), () => c.post('/api/v1/webhooks', body, {})]) {
        expectError(await call(), 401, 'unauthenticated');
      }
    });
  });

  it('changes, pauses and deletes a subscription, auditing each change', async () => {
    const { f, c, clock } = await setup();
    const id = (await c.post('/api/v1/webhooks', body)).json().id;
    clock.advance(1000);
    const { result: patched, audit } = await changesDuring(f.s.deps.db, () =>
      c.patch(`/api/v1/webhooks/${id}`, { url: 'http://10.0.0.5:8080/in', events: ['*'], active: false }),
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ url: 'http://10.0.0.5:8080/in', events: ['*'], active: false, description: 'finance' });
    expect(patched.json().updatedAt).toBe(clock.now().toISOString());
    expect(audit.map((a) => [a.action, a.entityType, a.entityKey])).toEqual([['updated', 'webhook', 'http://10.0.0.5:8080/in']]);

    const { result: deleted, audit: deleteAudit } = await changesDuring(f.s.deps.db, () => c.delete(`/api/v1/webhooks/${id}`));
    expect(deleted.statusCode).toBe(204);
    expect(deleteAudit.map((a) => a.action)).toEqual(['deleted']);
    expectError(await c.get(`/api/v1/webhooks/${id}`), 404, 'webhook_not_found');
    expectError(await c.delete(`/api/v1/webhooks/${id}`), 404, 'webhook_not_found');
    expectError(await c.patch(`/api/v1/webhooks/${id}`, { active: true }), 404, 'webhook_not_found');
    expectError(await c.get(`/api/v1/webhooks/${id}/deliveries`), 404, 'webhook_not_found');
  });

  it('shows the delivery log newest first in keyset pages, and redelivers a failed delivery', async () => {
    const { f, c, clock, setStatus } = await setup();
    const id = (await c.post('/api/v1/webhooks', { url: body.url, events: ['domain.created'] })).json().id;
    for (const name of ['alpha', 'bravo', 'charlie']) {
      clock.advance(1);
      await f.domain(name);
    }
    setStatus(502);
    await f.s.webhookDispatcher.drain();
    clock.advance(10_000);
    await f.s.webhookDispatcher.drain(); // second and last attempt of the first: failed; the second event's first attempt
    const first = await c.get(`/api/v1/webhooks/${id}/deliveries?limit=2`);
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((d: { eventType: string }) => d.eventType)).toEqual(['domain.created', 'domain.created']);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await c.get(`/api/v1/webhooks/${id}/deliveries?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items];
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort().reverse());
    const oldest = all[2];
    expect(oldest).toEqual({
      id: expect.any(String),
      subscriptionId: id,
      eventId: expect.any(String),
      eventType: 'domain.created',
      status: 'failed',
      attempts: 2,
      lastAttemptAt: clock.now().toISOString(),
      lastStatus: 502,
      lastError: 'HTTP 502',
      nextAttemptAt: null,
      deliveredAt: null,
      createdAt: expect.any(String),
    });
    const failed = (await c.get(`/api/v1/webhooks/${id}/deliveries?status=failed`)).json();
    expect(failed.items.map((d: { id: string }) => d.id)).toEqual([oldest.id]);

    setStatus(200);
    const { result: redo, audit } = await changesDuring(f.s.deps.db, () =>
      c.post(`/api/v1/webhooks/${id}/deliveries/${oldest.id}/redeliver`),
    );
    expect(redo.statusCode, redo.body).toBe(200);
    expect(redo.json()).toMatchObject({ id: oldest.id, status: 'pending', attempts: 0, nextAttemptAt: clock.now().toISOString() });
    expect(audit.map((a) => [a.action, a.entityType, a.entityId])).toEqual([['redelivered', 'webhook', id]]);
    await f.s.webhookDispatcher.drain();
    const after = (await c.get(`/api/v1/webhooks/${id}/deliveries?status=delivered`)).json();
    expect(after.items.map((d: { id: string }) => d.id)).toContain(oldest.id);

    expectError(await c.post(`/api/v1/webhooks/${id}/deliveries/01ARZ3NDEKTSV4RRFFQ69G5FAV/redeliver`), 404, 'delivery_not_found');
    expectError(await c.post(`/api/v1/webhooks/01ARZ3NDEKTSV4RRFFQ69G5FAV/deliveries/${oldest.id}/redeliver`), 404, 'webhook_not_found');
  });
});
