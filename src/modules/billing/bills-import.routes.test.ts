import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/dialects.ts';
import { type ResourceWorld, resourceWorld, upsertOk } from '../../../test/resource-helpers.ts';
import { formatMoney } from '../../shared/money.ts';
import { importBillsCsv } from './bills-import.ts';

const HEADER = 'BillingAccountId,BillId,ResourceId,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ChargeDescription,x_Region';

/** POST /api/v1/bills/import with a CSV body, as `auth`. */
function importCsv(w: ResourceWorld, csv: string | Buffer, auth: Record<string, string>, contentType = 'text/csv') {
  return w.api.app.inject({
    method: 'POST',
    url: '/api/v1/bills/import',
    headers: { ...auth, 'content-type': contentType },
    payload: csv,
  });
}

async function world(db: Parameters<typeof resourceWorld>[0]) {
  const w = await resourceWorld(db);
  await upsertOk(w.api.as(w.dba.auth), [
    { type: 'mysql', externalId: 'db-1', attach: [{ appid: 'pay.checkout.api', env: 'PROD' }] },
    { type: 'mysql', externalId: 'db-2' },
  ]);
  return w;
}

async function monthTotal(w: ResourceWorld, month: string) {
  const res = await w.api.get(`/api/v1/costs?month=${month}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().totals as Array<{ currency: string; amount: string }>;
}

describeEachDialect('POST /api/v1/bills/import', (db) => {
  it('books a FOCUS CSV with quoted fields, CRLF, extra and x_ columns in any order', async () => {
    const w = await world(db());
    const csv = [
      // a different column order than the API's, an ignored column and an x_ column
      'x_Region,BilledCost,BillId,ResourceId,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,ChargeDescription,InvoiceIssuerName',
      '"cn-east, zone b",12.50,b-1,mysql/db-1,2026-11-01,2026-11-02,CNY,"storage, ""gold"" tier\r\nsecond line",Acme',
      'cn-north,0.000001,b-2,mysql/db-2,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,CNY,,Acme',
      '',
      ',3,b-3,mysql/db-1,2026-11-02,2026-11-03,USD,,Acme',
    ].join('\r\n');
    const res = await importCsv(w, `${csv}\r\n`, w.dba.auth);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      rows: 3,
      chunks: 1,
      accepted: 3,
      duplicates: 0,
      rejected: [],
      rejectedCount: 0,
      ignoredColumns: ['InvoiceIssuerName'],
    });
    const lines = await w.api.as(w.dba.auth).get('/api/v1/bills?resource=mysql/db-1');
    const b1 = lines.json().items.find((l: { BillId: string }) => l.BillId === 'b-1');
    expect(b1).toMatchObject({
      BilledCost: '12.50',
      ChargeDescription: 'storage, "gold" tier\r\nsecond line',
      extra: { x_Region: 'cn-east, zone b' },
    });
    expect(await monthTotal(w, '2026-11')).toEqual([
      { currency: 'CNY', amount: '12.500001' },
      { currency: 'USD', amount: '3.00' },
    ]);

    // The same file again: all duplicates, nothing counted twice.
    const again = await importCsv(w, csv, w.dba.auth);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 3, rejectedCount: 0 });
    expect(await monthTotal(w, '2026-11')).toEqual([
      { currency: 'CNY', amount: '12.500001' },
      { currency: 'USD', amount: '3.00' },
    ]);
  });

  it('streams 120,000 rows in three atomic chunks, exact to the last digit', { timeout: 240_000 }, async () => {
    const w = await world(db());
    const N = 120_000;
    let expected = 0n;
    // Generated as a stream, so the test itself does not hold the file either.
    function* rows() {
      yield `${HEADER}\n`;
      let block = '';
      for (let i = 1; i <= N; i++) {
        const micros = BigInt((i * 7919) % 100_000_000) + 1n; // up to 100.000000, varied last digits
        expected += micros;
        const day = String(1 + (i % 25)).padStart(2, '0');
        block += `acct,r-${i},mysql/db-${1 + (i % 2)},2026-11-${day},2026-11-${day}T01:00:00Z,${formatMoney(micros)},CNY,,cn\n`;
        if (i % 1000 === 0) {
          yield block;
          block = '';
        }
      }
      yield block;
    }
    const res = await w.api.app.inject({
      method: 'POST',
      url: '/api/v1/bills/import',
      headers: { ...w.dba.auth, 'content-type': 'text/csv' },
      payload: Readable.from(rows()),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      rows: N,
      chunks: 3,
      accepted: N,
      duplicates: 0,
      rejectedCount: 0,
      ignoredColumns: ['BillingAccountId'],
    });
    expect(res.json().ingestIds).toHaveLength(3);
    expect(await monthTotal(w, '2026-11')).toEqual([{ currency: 'CNY', amount: formatMoney(expected) }]);
  });

  it('numbers rejections by data row (the header is row 0), across chunks', async () => {
    const w = await world(db());
    const rows = [
      'acct,ok-1,mysql/db-1,2026-11-01,2026-11-02,1.00,CNY,,',
      'acct,bad-amount,mysql/db-1,2026-11-01,2026-11-02,1.0000001,CNY,,',
      'acct,ok-2,mysql/db-1,2026-11-01,2026-11-02,1.00,CNY,,',
      'acct,not-mine,container/c-1,2026-11-01,2026-11-02,1.00,CNY,,',
      'acct,no-such,mysql/db-404,2026-11-01,2026-11-02,1.00,CNY,,',
      'acct,bad-currency,mysql/db-1,2026-11-01,2026-11-02,1.00,XXQ,,',
    ];
    // Chunks of two rows: rows 1–2, 3–4, 5–6 are three calls of push.
    const r = await importBillsCsv(w.f.s.bills, w.dba.ctx, [`${HEADER}\n${rows.join('\n')}\n`], { chunkRows: 2 });
    expect(r).toMatchObject({ rows: 6, chunks: 3, accepted: 2, rejectedCount: 4 });
    expect(r.rejected.map((x) => [x.line, x.billId, x.code])).toEqual([
      [2, 'bad-amount', 'invalid_amount'],
      [4, 'not-mine', 'resource_not_owned'],
      [5, 'no-such', 'resource_not_found'],
      [6, 'bad-currency', 'unknown_currency'],
    ]);
    const stored = await w.api.as(w.dba.auth).get('/api/v1/bills/rejections');
    expect(
      stored
        .json()
        .items.map((x: { line: number }) => x.line)
        .sort(),
    ).toEqual([2, 4, 5, 6]);
  });

  it('refuses a header without the required columns with 400 invalid_csv, booking nothing', async () => {
    const w = await world(db());
    const res = await importCsv(w, 'BillId,ResourceId,ChargePeriodStart,BilledCost\nb-1,mysql/db-1,2026-11-01,1.00\n', w.dba.auth);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'invalid_csv',
      message: expect.stringMatching(/ChargePeriodEnd, BillingCurrency; nothing was booked/),
      details: { missing: ['ChargePeriodEnd', 'BillingCurrency'] },
    });
    expect((await w.api.as(w.dba.auth).get('/api/v1/bills')).json().items).toEqual([]);
    const empty = await importCsv(w, '', w.dba.auth);
    expect([400, 415]).toContain(empty.statusCode);
  });

  it('stops at a CSV syntax error with its line; the chunks before it stay booked', async () => {
    const w = await world(db());
    const good = (i: number) => `acct,s-${i},mysql/db-1,2026-11-01,2026-11-02,1.00,CNY,,`;
    const text = `${HEADER}\n${good(1)}\n${good(2)}\n${good(3)}\nacct,s-4,mysql/db-1,2026-11-01,2026-11-02,"1.00"x,CNY,,\n${good(5)}\n`;
    // Fed a line at a time, as a network stream would deliver it in pieces.
    const pieces = text.split(/(?<=\n)/);
    const err = await importBillsCsv(w.f.s.bills, w.dba.ctx, pieces, { chunkRows: 2 }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'invalid_csv',
      message: expect.stringMatching(/^Line 5: .*closing quote.*the 1 chunk\(s\) before it \(2 rows: 2 accepted/),
      details: { line: 5, chunks: 1, accepted: 2 },
    });
    // Row 3 was read but its chunk never sent: only rows 1 and 2 are booked.
    expect(await monthTotal(w, '2026-11')).toEqual([{ currency: 'CNY', amount: '2.00' }]);

    const http = await importCsv(w, `${HEADER}\n${good(1)}\nacct,b,mysql/db-1\n`, w.dba.auth);
    expect(http.statusCode).toBe(400);
    expect(http.json().error).toMatchObject({ code: 'invalid_csv', details: { line: 3 } });
    expect(http.json().error.message).toMatch(/3 field\(s\) but the header has 9; nothing was booked/);
  });

  it('answers 415 for anything but text/csv, and 403 to anyone but a tenant', async () => {
    const w = await world(db());
    const csv = `${HEADER}\nacct,x-1,mysql/db-1,2026-11-01,2026-11-02,1.00,CNY,,\n`;
    const json = await w.api.as(w.dba.auth).post('/api/v1/bills/import', { lines: [] });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('unsupported_media_type');
    expect((await importCsv(w, csv, w.dba.auth, 'text/plain')).statusCode).toBe(415);
    expect((await importCsv(w, csv, w.dba.auth, 'text/csv; charset=latin1')).statusCode).toBe(415);
    expect((await importCsv(w, csv, w.dba.auth, 'text/csv; charset=utf-8')).json()).toMatchObject({ accepted: 1 });

    const admin = await importCsv(w, csv, w.admin);
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error.code).toBe('tenant_required');
    expect((await importCsv(w, csv, {})).statusCode).toBe(401);
  });
});
