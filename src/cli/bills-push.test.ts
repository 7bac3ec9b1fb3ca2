import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/dialects.ts';
import { Factory } from '../../test/factories.ts';
import { buildApp } from '../app.ts';
import type { DbHandle } from '../db/connect.ts';
import { systemContext } from '../modules/auth/principal.ts';
import { buildServices, type Services } from '../services.ts';
import { formatMoney } from '../shared/money.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/appmeta.js');

const dir = mkdtempSync(join(tmpdir(), 'appmeta-bills-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function file(ext: string, text: string): string {
  const path = join(dir, `f${++fileNo}.${ext}`);
  writeFileSync(path, text);
  return path;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/appmeta.js <args>` without our APPMETA_* settings; resolves with the exit code. */
function appmeta(args: string[], env: Record<string, string> = {}, timeout = 120_000): Promise<Run> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith('APPMETA_') || key === 'DATABASE_URL') delete base[key];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env }, timeout }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`appmeta bills push against a running server [${dialect}]`, () => {
    let handle: DbHandle;
    let s: Services;
    let app: FastifyInstance;
    let url: string;
    let token: string;

    beforeAll(async () => {
      handle = await freshDatabase(dialect);
      s = buildServices(handle);
      app = await buildApp(s, { logLevel: 'silent' });
      await app.listen({ host: '127.0.0.1', port: 0 });
      url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const f = new Factory(s);
      await f.domain('trade');
      await f.business({ domain: 'trade', name: 'order' });
      await f.app({ business: 'trade.order', name: 'orders' });
      const cloud = await s.tenants.create(systemContext, { name: 'cloud' });
      token = cloud.token.token;
      await s.tenants.createType(systemContext, { name: 'vm', tenant: 'cloud', dimensions: [{ name: 'cpu', unit: 'cores' }] });
      await s.tenants.create(systemContext, { name: 'other' });
      await s.tenants.createType(systemContext, { name: 'cdn', tenant: 'other' });
      const ctx = { principal: { kind: 'tenant' as const, id: cloud.tenant.id, name: 'cloud' }, requestId: null };
      await s.resources.upsert(ctx, [
        { type: 'vm', externalId: 'vm-1', attach: [{ appid: 'trade.order.orders', env: 'PROD' }] },
        { type: 'vm', externalId: 'vm-2' },
      ]);
    });

    afterAll(async () => {
      await app?.close();
      await handle?.close();
    });

    const october = async () =>
      (await s.costs.costs(systemContext, { from: '2026-10-01', to: '2026-11-01', groupBy: [] })).totals.map((t) => [t.currency, t.amount]);

    it('pushes a FOCUS CSV in chunks and prints the summed summary as JSON', { timeout: 120_000 }, async () => {
      const N = 1_200;
      const rows = ['BillId,ResourceId,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency,ChargeDescription,x_Team,Ignored'];
      let sum = 0n;
      for (let i = 1; i <= N; i++) {
        const micros = BigInt(i * 1_234_567);
        sum += micros;
        const day = String(1 + (i % 28)).padStart(2, '0');
        rows.push(`csv-${i},vm/vm-${1 + (i % 2)},2026-10-${day},2026-10-${day}T12:00:00Z,${formatMoney(micros)},CNY,"vm, daily",core,x`);
      }
      const path = file('csv', `${rows.join('\r\n')}\r\n`);
      const r = await appmeta(['bills', 'push', path, '--url', url, '--chunk-size', '500', '--json', '--no-progress'], {
        APPMETA_TOKEN: token,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      const summary = JSON.parse(r.stdout);
      expect(summary).toMatchObject({
        unit: 'row',
        lines: N,
        calls: 3,
        accepted: N,
        duplicates: 0,
        rejected: 0,
        ignoredColumns: ['Ignored'],
      });
      expect(summary.ingestIds).toHaveLength(3);
      expect(await october()).toEqual([['CNY', formatMoney(sum)]]);

      // Again: all duplicates, totals unchanged.
      const again = await appmeta(['bills', 'push', path, '--url', url, '--token', token, '--json', '--no-progress']);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ calls: 1, accepted: 0, duplicates: N });
      expect(await october()).toEqual([['CNY', formatMoney(sum)]]);
    });

    it('lists rejected NDJSON lines by file line, writes all to --rejections and exits 2', { timeout: 120_000 }, async () => {
      const line = (id: string, resource: string, cost: unknown, currency = 'USD') =>
        JSON.stringify({
          BillId: id,
          ResourceId: resource,
          ChargePeriodStart: '2026-10-03',
          ChargePeriodEnd: '2026-10-04',
          BilledCost: cost,
          BillingCurrency: currency,
        });
      const path = file(
        'ndjson',
        [
          line('nd-1', 'vm/vm-1', '1.50'),
          '',
          line('nd-2', 'vm/vm-1', 2.5),
          line('nd-3', 'cdn/edge-1', '1.00'),
          line('nd-4', 'vm/vm-9', '1.00'),
          line('nd-5', 'vm/vm-2', '1.00', 'XXQ'),
          line('nd-6', 'vm/vm-2', '0.25'),
        ].join('\n'),
      );
      const rejections = join(dir, 'rejected.csv');
      const r = await appmeta([
        'bills',
        'push',
        path,
        '--url',
        url,
        '--token',
        token,
        '--chunk-size',
        '3',
        '--rejections',
        rejections,
        '--no-progress',
      ]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toMatch(/^Pushed .*: 6 lines in 2 calls/);
      expect(r.stdout).toMatch(/accepted +2\n/);
      expect(r.stdout).toMatch(/rejected +4\n/);
      expect(r.stdout).toMatch(/^ {2}line 3: nd-2: invalid_amount: .*decimal strings/m);
      expect(r.stdout).toMatch(/^ {2}line 4: nd-3: resource_not_owned: /m);
      expect(r.stdout).toMatch(/^ {2}line 5: nd-4: resource_not_found: /m);
      expect(r.stdout).toMatch(/^ {2}line 6: nd-5: unknown_currency: /m);
      expect(r.stdout).toContain(`All 4 rejections written to ${rejections}`);
      const written = readFileSync(rejections, 'utf8').trim().split('\n');
      expect(written[0]).toBe('line,BillId,code,message');
      expect(written.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
        '3,nd-2,invalid_amount',
        '4,nd-3,resource_not_owned',
        '5,nd-4,resource_not_found',
        '6,nd-5,unknown_currency',
      ]);
    });

    it('stops before sending a CSV whose header lacks a required column, and a bad token exits 77', { timeout: 120_000 }, async () => {
      const path = file('csv', 'BillId,ResourceId,BilledCost\nh-1,vm/vm-1,1.00\n');
      const r = await appmeta(['bills', 'push', path, '--url', url, '--token', token, '--no-progress']);
      expect(r.code).toBe(65);
      expect(r.stderr).toMatch(/^appmeta: file_malformed: .*line 1: the header lacks the FOCUS column\(s\) ChargePeriodStart/);

      const good = file('json', JSON.stringify({ lines: [] }));
      const bad = 'amt_this-token-does-not-exist-0000000000000000';
      const refused = await appmeta(['bills', 'push', good, '--url', url, '--token', bad, '--no-progress']);
      // An empty file makes no call, so the token is never tried: 0, nothing sent.
      expect(refused.code).toBe(0);
      const one = file('json', JSON.stringify([{ BillId: 'j-1' }]));
      const denied = await appmeta(['bills', 'push', one, '--url', url, '--token', bad, '--no-progress']);
      expect(denied.code).toBe(77);
      expect(denied.stderr).toMatch(/^appmeta: unauthenticated: .*check --token or APPMETA_TOKEN\.\n$/);
      expect(denied.stderr).not.toContain(bad);
    });
  });
}
