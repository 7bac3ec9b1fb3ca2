import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/dialects.ts';
import { Factory } from '../../test/factories.ts';
import { buildApp } from '../app.ts';
import type { DbHandle } from '../db/connect.ts';
import { systemContext } from '../modules/auth/principal.ts';
import { buildServices, type Services } from '../services.ts';
import { CsvParser, CsvSyntaxError, formatCsvRow, parseCsv } from '../shared/csv.ts';
import { errorFromResponse } from './api-client.ts';
import { csvHeader } from './csv-columns.ts';
import { type ImportOptions, importResources } from './import-resources.ts';
import { jsonItemLines } from './json-item-lines.ts';
import { Progress } from './progress.ts';
import { openResourcesFile, type SourceItem } from './read-resources-file.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/appmeta.js');

const dir = mkdtempSync(join(tmpdir(), 'appmeta-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
/** Writes a temp file with the given extension and returns its path. */
function file(ext: 'csv' | 'json' | 'txt', text: string): string {
  const path = join(dir, `f${++fileNo}.${ext}`);
  writeFileSync(path, text);
  return path;
}

async function readAll(path: string): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of openResourcesFile(path).items()) out.push(item);
  return out;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('CSV parser', () => {
  it('reads quoted fields holding commas, quotes and line breaks, with their start lines', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\n1,,3\n\n"",last,"\r\n"';
    expect(parseCsv(text)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'two\nlines'], line: 2 },
      { fields: ['1', '', '3'], line: 4 },
      { fields: ['', 'last', '\r\n'], line: 6 },
    ]);
  });

  it('skips a byte-order mark and a final line break, and keeps a last line without one', () => {
    expect(parseCsv('\ufeffa,b\n1,2\n')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
    expect(parseCsv('a\n"z"')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: ['z'], line: 2 },
    ]);
  });

  it.for([
    { text: 'a,b\n"open,2\n3,4\n', line: 2, message: /not closed/ },
    { text: 'a,b\nx"y,2\n', line: 2, message: /must be quoted/ },
    { text: 'a\n"multi\nline"x,2\n', line: 3, message: /closing quote/ },
  ])('names the line of a syntax error ($text)', ({ text, line, message }) => {
    const err = (() => {
      try {
        parseCsv(text);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect(err).toMatchObject({ line, message: expect.stringMatching(message) });
  });

  const field = fc.string({
    unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r', '\r\n', ' ', 'é', '表', '😀'), fc.string({ minLength: 1, maxLength: 1 })),
    maxLength: 12,
  });
  const table = fc
    .integer({ min: 1, max: 5 })
    .chain((cols) => fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 20 }));

  it('reads back any table it formats, whatever the line endings and chunk boundaries', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (rows, eol, trailing, cuts) => {
        const lines = rows.map((r) => formatCsvRow(r));
        const text = lines.join(eol) + (trailing ? eol : '');
        // Where each record starts, counted independently of the parser.
        const expectedLines: number[] = [];
        let offset = 0;
        for (const l of lines) {
          expectedLines.push(1 + (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0));
          offset += l.length + eol.length;
        }
        const parser = new CsvParser();
        const got = [];
        let at = 0;
        for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
          got.push(...parser.push(text.slice(at, cut)));
          at = cut;
        }
        got.push(...parser.push(text.slice(at)), ...parser.end());
        expect(got.map((r) => r.fields)).toEqual(rows);
        expect(got.map((r) => r.line)).toEqual(expectedLines);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CSV columns', () => {
  const header = ['type', 'externalId', 'name', 'capacity.cpu', 'label.team', 'attr.zone', 'appid', 'env', 'weight'];

  it('maps a row to an item; empty cells are left out', () => {
    const m = csvHeader(header);
    expect(m.toItem(['vm', 'i-1', 'web 1', '4', 'core', 'az1', 'trade.order.orders', 'PROD', '3'])).toEqual({
      type: 'vm',
      externalId: 'i-1',
      name: 'web 1',
      capacity: { cpu: 4 },
      labels: { team: 'core' },
      attributes: { zone: 'az1' },
      attach: [{ appid: 'trade.order.orders', env: 'PROD', weight: 3 }],
    });
    expect(m.toItem(['vm', 'i-2', '', '', '', '', '', '', ''])).toEqual({ type: 'vm', externalId: 'i-2' });
  });

  it.for([
    { header: ['type', 'name'], message: /no "externalId" column/ },
    { header: ['type', 'externalId', 'cpu'], message: /unknown column "cpu"/ },
    { header: ['type', 'externalId', 'name', 'name'], message: /appears twice/ },
    { header: ['type', 'externalId', 'appid'], message: /go together/ },
  ])('refuses the header $header', ({ header, message }) => {
    expect(() => csvHeader(header)).toThrow(message);
  });

  it.for([
    { row: ['vm', 'i-1', '', 'four', '', '', '', '', ''], message: /capacity.cpu "four" is not a number/ },
    { row: ['vm', 'i-1', '', '', '', '', 'a.b.c', '', ''], message: /both be given/ },
    { row: ['vm', 'i-1', '', '', '', '', 'a.b.c', 'PROD', '1.5'], message: /not a whole number/ },
    { row: ['vm', '', '', '', '', '', '', '', ''], message: /externalId is empty/ },
    { row: ['vm', 'i-1'], message: /2 fields, but the header has 9/ },
  ])('refuses the row $row', ({ row, message }) => {
    expect(() => csvHeader(header).toItem(row)).toThrow(message);
  });
});

describe('resources file reader', () => {
  it('streams a CSV into checked items with their line numbers', async () => {
    const path = file('csv', 'type,externalId,name,capacity.storage\nmysql,db-1,"orders, primary",100\nmysql,db-2,"two\nlines",\n');
    expect(await readAll(path)).toEqual([
      { line: 2, item: { type: 'mysql', externalId: 'db-1', name: 'orders, primary', capacity: { storage: 100 } } },
      { line: 3, item: { type: 'mysql', externalId: 'db-2', name: 'two\nlines' } },
    ]);
  });

  it('reads a JSON array or {items}, with the line each item starts on', async () => {
    const items = '[\n  {"type":"lb","externalId":"lb-1"},\n  {"type":"lb",\n   "externalId":"lb-2", "labels": {"a":"[,]"}}\n]';
    expect((await readAll(file('json', items))).map((i) => i.line)).toEqual([2, 3]);
    const wrapped = `{"note": ["x", "y"], "items": ${items}, "more": [1, 2, 3]}`;
    expect(await readAll(file('json', wrapped))).toEqual([
      { line: 2, item: { type: 'lb', externalId: 'lb-1' } },
      { line: 3, item: { type: 'lb', externalId: 'lb-2', labels: { a: '[,]' } } },
    ]);
    expect(jsonItemLines('[1,\n"a\\"[",\n{"b":[2,\n3]}]')).toEqual([1, 2, 3]);
  });

  it.for([
    { ext: 'csv', text: 'type,externalId,capacity.cpu\nvm,a,1\nvm,b,x\n', message: /line 3: capacity.cpu "x" is not a number/ },
    { ext: 'csv', text: 'type,externalId\nvm,a\nvm,"b\n', message: /line 3: a quoted field is not closed/ },
    { ext: 'csv', text: 'type,externalId,label.Bad\nvm,a,1\n', message: /line 2: labels.Bad: label keys are lowercase/ },
    { ext: 'csv', text: '', message: /line 1: the file is empty/ },
    { ext: 'json', text: '[\n{"type":"vm","externalId":"a"},\n{"type":"vm" "externalId":"b"}]', message: /line 3: not valid JSON/ },
    {
      ext: 'json',
      text: '[\n{"type":"vm","externalId":"a"},\n{"type":"vm","externalId":"b","size":1}]',
      message: /line 3: item 2: .*size/,
    },
    { ext: 'json', text: '{"resources": []}', message: /expected an array of items/ },
  ] as const)('reports a malformed $ext file with its line number', async ({ ext, text, message }) => {
    const err = await failure(readAll(file(ext, text)));
    expect(err.code).toBe('file_malformed');
    expect(err.message).toMatch(message);
  });

  it('refuses a missing file and an unknown extension', () => {
    expect(() => openResourcesFile(join(dir, 'nope.csv'))).toThrow(expect.objectContaining({ code: 'file_not_found' }));
    expect(() => openResourcesFile(file('txt', 'x'))).toThrow(expect.objectContaining({ code: 'unsupported_file' }));
  });
});

describe('progress display', () => {
  it('without a terminal writes one plain line per interval, never more', () => {
    let t = 0;
    const out: string[] = [];
    const p = new Progress('importing', 100, { stream: { write: (s: string) => out.push(s) }, now: () => t, intervalMs: 5_000 });
    for (let i = 1; i <= 100; i++) {
      t += 100; // 10 s in all
      p.update(i);
    }
    p.finish();
    expect(out).toEqual(['importing: 50/100 items (50%) · 10/s · ETA 0:05\n', 'importing: 100/100 items (100%) · 10/s · 0:10 elapsed\n']);
  });

  it('on a terminal redraws one line in place and ends it', () => {
    let t = 0;
    const out: string[] = [];
    const p = new Progress('importing', 10, { stream: { write: (s: string) => out.push(s), isTTY: true, columns: 200 }, now: () => t });
    p.update(0);
    t += 1_000;
    p.update(5);
    p.finish();
    expect(out.every((s) => s.startsWith('\r') || s === '\n')).toBe(true);
    expect(out[1]).toContain('[############............] 5/10 items (50%) · 5/s · ETA 0:01');
    expect(out.at(-1)).toBe('\n');
  });
});

describe('API errors', () => {
  it('keep the server code and message, and a refused token names the setting', () => {
    const e = errorFromResponse(404, { error: { code: 'app_not_found', message: 'There is no app "x".' } });
    expect(e).toMatchObject({ status: 404, code: 'app_not_found', message: 'There is no app "x".' });
    expect(errorFromResponse(401, { error: { code: 'unauthenticated', message: 'Bad token.' } }).message).toMatch(/check --token/);
    expect(errorFromResponse(502, undefined)).toMatchObject({ code: 'http_502' });
  });
});

const base: Omit<ImportOptions, 'file'> = {
  url: 'http://127.0.0.1:9',
  batchSize: 5_000,
  mode: 'merge',
  dryRun: false,
  json: false,
  progress: false,
};
const quiet = () => {
  const out: string[] = [];
  return { out, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } } };
};

describe('importResources without a server', () => {
  it('--dry-run checks the file and lists the calls without sending', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `mysql,db-${i},trade.order.orders,PROD`);
    const path = file('csv', `type,externalId,appid,env\n${rows.join('\n')}\n`);
    const { out, io } = quiet();
    expect(await importResources({ ...base, file: path, batchSize: 5, dryRun: true }, io)).toBe(0);
    const text = out.join('');
    expect(text).toContain('holds 12 valid items; nothing was sent');
    expect(text).toContain('Would send 3 call(s) of PUT http://127.0.0.1:9/api/v1/resources');
    expect(text).toMatch(/1: 5 items, lines 2–6\n {2}2: 5 items, lines 7–11\n {2}3: 2 items, lines 12–13/);
  });

  it('refuses a full sync of more than 10,000 items before sending anything', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `mysql,db-${i}`);
    const path = file('csv', `type,externalId\n${rows.join('\n')}\n`);
    const err = await failure(importResources({ ...base, file: path, mode: 'full', type: 'mysql', token: 't' }, quiet().io));
    expect(err).toMatchObject({ code: 'too_many_items', message: expect.stringMatching(/10001 items.*single call.*nothing was sent/) });
  });
});

// ── end to end: the real CLI against a real server ─────────────────────────

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/appmeta.js <args>` with no APPMETA_* settings of ours; resolves with the exit code. */
function appmeta(args: string[], timeout = 120_000): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('APPMETA_') || key === 'DATABASE_URL') delete env[key];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('appmeta resources import against a running server', () => {
  let handle: DbHandle;
  let s: Services;
  let app: FastifyInstance;
  let url: string;
  let token: string;

  beforeAll(async () => {
    handle = await freshDatabase('sqlite');
    s = buildServices(handle);
    app = await buildApp(s, { logLevel: 'silent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const f = new Factory(s);
    await f.domain('trade');
    await f.business({ domain: 'trade', name: 'order' });
    await f.app({ business: 'trade.order', name: 'orders' });
    await f.app({ business: 'trade.order', name: 'order-center' });
    token = (await s.tenants.create(systemContext, { name: 'dba' })).token.token;
    await s.tenants.createType(systemContext, { name: 'mysql', tenant: 'dba', dimensions: [{ name: 'storage', unit: 'GiB' }] });
    await s.tenants.create(systemContext, { name: 'cache' });
    await s.tenants.createType(systemContext, { name: 'redis', tenant: 'cache', dimensions: [{ name: 'memory', unit: 'GiB' }] });
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('imports 12,000 CSV rows in three calls and attaches them', { timeout: 180_000 }, async () => {
    const N = 12_000;
    const rows = ['type,externalId,name,capacity.storage,label.team,attr.zone,appid,env,weight'];
    for (let i = 0; i < N; i++) {
      const id = `db-${String(i).padStart(5, '0')}`;
      const name = i % 7 === 0 ? `"orders, shard ""${i}""\nreplica"` : `orders-${i}`;
      // every 10th row stays unattached; the others alternate between two apps and environments
      const target = i % 10 === 9 ? ',,' : i % 2 === 0 ? 'trade.order.orders,PROD,3' : 'trade.order.order-center,FAT,';
      rows.push(`mysql,${id},${name},${i % 500},core,az${i % 3},${target}`);
    }
    const path = file('csv', `${rows.join('\r\n')}\r\n`);

    const r = await appmeta(['resources', 'import', path, '--url', url, '--token', token, '--json']);
    expect(r.stderr).not.toContain(token);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      items: N,
      calls: 3,
      created: N,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      attached: N - N / 10,
      detached: 0,
      rejected: 0,
      rejections: [],
    });
    expect(summary.importIds).toHaveLength(3);
    console.info(`resources import: ${N} items in ${summary.seconds} s = ${summary.itemsPerSecond} items/s (3 calls, SQLite)`);

    const shard = await s.resources.get(systemContext, 'mysql', 'db-00014');
    expect(shard).toMatchObject({
      tenant: 'dba',
      name: 'orders, shard "14"\nreplica',
      capacity: { storage: 14 },
      labels: { team: 'core' },
      attributes: { zone: 'az2' },
      attachments: [expect.objectContaining({ appid: 'trade.order.orders', env: 'PROD', weight: 3 })],
    });
    expect((await s.resources.get(systemContext, 'mysql', 'db-00001')).attachments).toEqual([
      expect.objectContaining({ appid: 'trade.order.order-center', env: 'FAT', weight: 1 }),
    ]);
    expect((await s.resources.get(systemContext, 'mysql', 'db-00009')).attachments).toEqual([]);
    const inv = await s.resourceSearch.inventory(systemContext, { scope: 'trade', groupBy: ['type', 'env'] });
    expect(inv.groups.map((g) => [g.group, g.resources])).toEqual(
      expect.arrayContaining([
        [{ type: 'mysql', env: 'PROD' }, N / 2],
        [{ type: 'mysql', env: 'FAT' }, N / 2 - N / 10],
      ]),
    );

    // The same file again changes nothing: re-running an import is safe.
    const again = await appmeta(['resources', 'import', path, '--url', url, '--token', token, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: N, attached: 0, detached: 0 });
  });

  it('lists rejected items with their line numbers and exits 2', { timeout: 120_000 }, async () => {
    const path = file(
      'csv',
      [
        'type,externalId,name,appid,env',
        'mysql,ok-1,"a name on\ntwo lines",trade.order.orders,PROD',
        'mysql,bad-app,,trade.order.nope,PROD',
        'redis,not-mine,,,',
        'mysql,bad-env,,trade.order.orders,NOPE',
        'mysql,ok-2,,,',
      ].join('\n'),
    );
    const r = await appmeta(['resources', 'import', path, '--url', url, '--token', token, '--batch-size', '2']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/items in 3 calls/);
    expect(r.stdout).toMatch(/created +2\n/);
    expect(r.stdout).toMatch(/rejected +3\n/);
    expect(r.stdout).toMatch(/^ {2}line 4: mysql\/bad-app: app_not_found: .*trade\.order\.nope/m);
    expect(r.stdout).toMatch(/^ {2}line 5: redis\/not-mine: resource_not_owned: /m);
    expect(r.stdout).toMatch(/^ {2}line 6: mysql\/bad-env: unknown_environment: .*NOPE/m);
    expect(await s.resources.get(systemContext, 'mysql', 'ok-2')).toMatchObject({ attachments: [] });
  });

  it('with a bad token fails with one line that says to check --token', { timeout: 120_000 }, async () => {
    const path = file('csv', 'type,externalId\nmysql,x-1\n');
    const bad = 'amt_this-token-does-not-exist-0000000000000000';
    const r = await appmeta(['resources', 'import', path, '--url', url, '--token', bad]);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([expect.stringMatching(/^appmeta: unauthenticated: .*check --token or APPMETA_TOKEN\.$/)]);
    expect(r.stderr).not.toContain(bad);
  });
});
