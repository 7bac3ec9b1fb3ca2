import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { Factory } from '../../../test/factories.ts';
import { buildServices } from '../../services.ts';

describeEachDialect('change feed', (db) => {
  it('lets a second process see a change made by the first, after one poll', async () => {
    const writer = new Factory(buildServices(db()));
    const reader = buildServices(db());
    const app = await writer.app({ title: 'before' });
    expect(JSON.parse(await reader.apps.getJson(app.appid)).title).toBe('before');
    await reader.changeFeed.poll(); // establishes the mark

    await writer.s.apps.update(writer.ctx, app.appid, { title: 'after' });
    // the reader's cache still holds the old view: another process changed the row
    expect(JSON.parse(await reader.apps.getJson(app.appid)).title).toBe('before');
    expect(await reader.changeFeed.poll()).toBe(true);
    expect(JSON.parse(await reader.apps.getJson(app.appid)).title).toBe('after');
  });

  it('reports no change when nothing was written between polls', async () => {
    const s = buildServices(db());
    await new Factory(s).app();
    await s.changeFeed.poll();
    expect(await s.changeFeed.poll()).toBe(false);
  });
});
