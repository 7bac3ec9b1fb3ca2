import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type Factory, factory } from '../../../test/factories.ts';
import { type Client, expectError, expectNoChange, expectOneChange, httpClient } from '../../../test/tree-helpers.ts';

describeEachDialect('environment routes', (db) => {
  async function setup(): Promise<{ f: Factory; c: Client }> {
    const f = factory(db());
    const admin = await f.userWithToken('root', { isAdmin: true });
    return { f, c: await httpClient(f, admin.auth) };
  }

  const envNames = async (c: Client) => (await c.get('/api/v1/environments')).json().items.map((e: { name: string }) => e.name);

  /** An app in a fresh business whose runtime lives in `envs`. */
  async function appIn(f: Factory, c: Client, envs: string[], name = 'api') {
    const business = await f.business();
    const runtime = Object.fromEntries(envs.map((e) => [e, { ports: [{ port: 8080, protocol: 'http' }] }]));
    const res = await c.post('/api/v1/apps', { business: business.key, name, runtime });
    expect(res.statusCode).toBe(201);
    return res.json().appid as string;
  }

  it('lists the four built-in environments in display order', async () => {
    const { c } = await setup();
    const res = await c.get('/api/v1/environments');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { name: 'PROD', title: 'Production', position: 10, builtIn: true },
        { name: 'PRE', title: 'Pre-release', position: 20, builtIn: true },
        { name: 'UAT', title: 'User acceptance', position: 30, builtIn: true },
        { name: 'FAT', title: 'Functional acceptance', position: 40, builtIn: true },
      ],
    });
  });

  it('lets an admin add an environment, placed after the others unless a position is given', async () => {
    const { c } = await setup();
    const dev = await c.post('/api/v1/environments', { name: 'DEV', title: 'Development' });
    expect(dev.statusCode).toBe(201);
    expect(dev.json()).toEqual({ name: 'DEV', title: 'Development', position: 50, builtIn: false });
    const dr = await c.post('/api/v1/environments', { name: 'DR_SITE', position: 15 });
    expect(dr.json()).toEqual({ name: 'DR_SITE', title: 'DR_SITE', position: 15, builtIn: false });
    expect(await envNames(c)).toEqual(['PROD', 'DR_SITE', 'PRE', 'UAT', 'FAT', 'DEV']);
    expect((await c.get('/api/v1/environments/DEV')).json()).toEqual({ name: 'DEV', title: 'Development', position: 50, builtIn: false });
  });

  it('accepts a runtime in an environment as soon as it is added', async () => {
    const { f, c } = await setup();
    const business = await f.business();
    const before = await c.post('/api/v1/apps', { business: business.key, name: 'api', runtime: { DEV: { ports: [] } } });
    expectError(before, 400, 'unknown_environment', { field: 'runtime', unknown: ['DEV'] });
    expect((await c.post('/api/v1/environments', { name: 'DEV' })).statusCode).toBe(201);
    const after = await c.post('/api/v1/apps', { business: business.key, name: 'api', runtime: { DEV: { ports: [] } } });
    expect(after.statusCode).toBe(201);
    expect(after.json().runtime).toEqual({ DEV: { ports: [] } });
  });

  it('refuses a duplicate environment with 409 environment_exists', async () => {
    const { c } = await setup();
    expectError(await c.post('/api/v1/environments', { name: 'PROD' }), 409, 'environment_exists');
    expect((await c.post('/api/v1/environments', { name: 'DEV' })).statusCode).toBe(201);
    expectError(await c.post('/api/v1/environments', { name: 'DEV' }), 409, 'environment_exists');
  });

  it('refuses names that break the rule (uppercase A–Z, 0–9, "_", 2–16, starting with a letter) with 400', async () => {
    const { c } = await setup();
    for (const name of ['dev', 'D', '1DEV', '_DEV', 'DE-V', 'DÉV']) {
      const res = await c.post('/api/v1/environments', { name });
      expectError(res, 400, 'invalid_name');
      expect(res.json().error.details).toEqual({ field: 'name', pattern: '^[A-Z][A-Z0-9_]{1,15}$' });
    }
    expectError(await c.post('/api/v1/environments', { name: 'ABCDEFGHIJKLMNOPQ' }), 400, 'validation_failed');
    expect(await envNames(c)).toEqual(['PROD', 'PRE', 'UAT', 'FAT']);
  });

  it('changes the title and position of an environment, reordering the list', async () => {
    const { c } = await setup();
    const res = await c.patch('/api/v1/environments/FAT', { title: 'Feature tests', position: 5 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'FAT', title: 'Feature tests', position: 5, builtIn: true });
    expect(await envNames(c)).toEqual(['FAT', 'PROD', 'PRE', 'UAT']);
  });

  it('refuses to delete a built-in environment with 409 environment_built_in', async () => {
    const { c } = await setup();
    for (const name of ['PROD', 'PRE', 'UAT', 'FAT']) {
      await expectNoChange(db().db, async () => expectError(await c.delete(`/api/v1/environments/${name}`), 409, 'environment_built_in'));
    }
    expect(await envNames(c)).toEqual(['PROD', 'PRE', 'UAT', 'FAT']);
  });

  it('refuses to delete a custom environment an app runtime uses with 409 environment_in_use naming the apps', async () => {
    const { f, c } = await setup();
    expect((await c.post('/api/v1/environments', { name: 'DEV' })).statusCode).toBe(201);
    const appid = await appIn(f, c, ['PROD', 'DEV']);
    await expectNoChange(db().db, async () =>
      expectError(await c.delete('/api/v1/environments/DEV'), 409, 'environment_in_use', { apps: [appid] }),
    );
    expect((await c.patch(`/api/v1/apps/${appid}`, { runtime: { PROD: { ports: [] } } })).statusCode).toBe(200);
    const deleted = await c.delete('/api/v1/environments/DEV');
    expect({ status: deleted.statusCode, body: deleted.body }).toEqual({ status: 204, body: '' });
    expectError(await c.get('/api/v1/environments/DEV'), 404, 'environment_not_found', { environment: 'DEV' });
    expect(await envNames(c)).toEqual(['PROD', 'PRE', 'UAT', 'FAT']);
  });

  it('deletes an unused custom environment; afterwards a runtime in it is refused', async () => {
    const { f, c } = await setup();
    expect((await c.post('/api/v1/environments', { name: 'DEV' })).statusCode).toBe(201);
    await appIn(f, c, ['PROD']);
    expect((await c.delete('/api/v1/environments/DEV')).statusCode).toBe(204);
    const business = await f.business();
    expectError(
      await c.post('/api/v1/apps', { business: business.key, name: 'web', runtime: { DEV: { ports: [] } } }),
      400,
      'unknown_environment',
    );
  });

  it('counts an environment as in use only when an app has a runtime in it, not when a port merely carries its name', async () => {
    const { f, c } = await setup();
    expect((await c.post('/api/v1/environments', { name: 'DEV' })).statusCode).toBe(201);
    const business = await f.business();
    const res = await c.post('/api/v1/apps', {
      business: business.key,
      name: 'api',
      runtime: { PROD: { ports: [{ name: 'DEV', port: 9000, protocol: 'http' }] } },
    });
    expect(res.statusCode).toBe(201);
    expect((await c.delete('/api/v1/environments/DEV')).statusCode).toBe(204);
  });

  it('answers 404 environment_not_found for an unknown environment', async () => {
    const { c } = await setup();
    expectError(await c.get('/api/v1/environments/NOPE'), 404, 'environment_not_found', { environment: 'NOPE' });
    expectError(await c.delete('/api/v1/environments/NOPE'), 404, 'environment_not_found', { environment: 'NOPE' });
  });

  describe('audit', () => {
    it('writes one audit row and one outbox event per environment change', async () => {
      const { c } = await setup();
      const d = db().db;
      const created = await expectOneChange(d, 'environment.created', () => c.post('/api/v1/environments', { name: 'DEV' }));
      expect(created.audit).toMatchObject({ actor: 'user:root', entityId: 'DEV', entityKey: 'DEV' });
      await expectOneChange(d, 'environment.updated', () => c.patch('/api/v1/environments/DEV', { title: 'Development' }));
      await expectOneChange(d, 'environment.deleted', () => c.delete('/api/v1/environments/DEV'));
      await expectNoChange(d, () => c.post('/api/v1/environments', { name: 'PROD' }));
    });
  });
});
