import { expect, it } from 'vitest';
import { describeEachDialect } from './dialects.ts';
import { factory } from './factories.ts';

describeEachDialect('factories', (db) => {
  it('builds an app with its whole ancestry through the services', async () => {
    const f = factory(db());
    const app = await f.app({ people: { owner: [(await f.user('alice')).name] } });
    expect(app.appid).toMatch(/^domain-[a-z]+\.biz-[a-z]+\.app-[a-z]+$/);
    expect(app.people.owner).toEqual(['alice']);
    expect((await f.s.apps.get(app.appid)).org).toBe(app.org);
  });
});
