import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connect.ts';
import { toNumber } from '../src/db/dialect.ts';
import { describeEachDialect, freshDatabase } from './dialects.ts';

describeEachDialect('test databases', (db, dialect) => {
  it('come migrated, with the four built-in environments in position order', async () => {
    const rows = await db().db.selectFrom('environments').select(['name', 'built_in']).orderBy('position').execute();
    expect(rows.map((r) => r.name)).toEqual(['PROD', 'PRE', 'UAT', 'FAT']);
    expect(rows.every((r) => toNumber(r.built_in) === 1)).toBe(true);
  });

  // These two run in order: the second sees a new database, not the row the first one wrote.
  it('accept writes', async () => {
    await db()
      .db.insertInto('environments')
      .values({
        name: 'DEV',
        title: 'Development',
        position: 50,
        built_in: 0,
        created_at: '2026-11-26T09:00:00Z',
      })
      .execute();
    const count = await db()
      .db.selectFrom('environments')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(toNumber(count?.n)).toBe(5);
  });

  it('are fresh for each test, so earlier writes are gone', async () => {
    const dev = await db().db.selectFrom('environments').selectAll().where('name', '=', 'DEV').execute();
    expect(dev).toEqual([]);
  });

  it(`report the ${dialect} dialect`, async () => {
    expect(db().dialect).toBe(dialect);
    if (dialect === 'postgres') {
      const { rows } = await sql<{ version: string }>`select version() as version`.execute(db().db);
      expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    }
  });
});

describe('freshDatabase', () => {
  const opened: DbHandle[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((h) => h.close()));
  });

  it('makes independent PostgreSQL databases that can be used side by side', async () => {
    const [a, b] = await Promise.all([freshDatabase('postgres'), freshDatabase('postgres')]);
    opened.push(a, b);
    await a.db.deleteFrom('environments').where('name', '=', 'FAT').execute();
    const left = await b.db.selectFrom('environments').select('name').execute();
    expect(left).toHaveLength(4);
  });

  it('drops the PostgreSQL database on close', async () => {
    const handle = await freshDatabase('postgres');
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db);
    const name = rows[0]?.name ?? '';
    await handle.close();
    await handle.close(); // idempotent

    const probe = await freshDatabase('postgres');
    opened.push(probe);
    const found = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_database where datname = ${name}`.execute(probe.db);
    expect(found.rows[0]?.n).toBe(0);
  });
});
