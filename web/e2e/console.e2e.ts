/**
 * End-to-end walk through the console in Debian's Chromium (playwright-core, no downloaded browser):
 * a real `appmeta serve` on 127.0.0.1 (free port, temp data dir) with the demo company, signed in
 * with the admin token. Saves screenshots to docs/screenshots/ and prints bundle sizes and the time
 * to first render of the app page. Stops by itself (watchdog).
 *
 *   npm run test:e2e            (CHROMIUM=/path/to/chromium to use another binary)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WATCHDOG_MS = 300_000;
const APP = 'trade.order.order-api';

const started = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'appmeta-e2e-'));
let server: ChildProcess | undefined;
let context: BrowserContext | undefined;
const figures: Record<string, unknown> = {};
const steps: Array<{ step: string; ms: number; ok: boolean; note?: string }> = [];

function log(msg: string) {
  process.stdout.write(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);
}

async function cleanup() {
  await context?.close().catch(() => {});
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
  }
  rmSync(tmp, { recursive: true, force: true });
}

const watchdog = setTimeout(async () => {
  log(`watchdog: still running after ${WATCHDOG_MS / 1000} s, giving up`);
  await cleanup();
  process.exit(2);
}, WATCHDOG_MS);

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

async function step<T>(name: string, fn: () => Promise<T>, optional = false): Promise<T | undefined> {
  const t0 = Date.now();
  try {
    const r = await fn();
    steps.push({ step: name, ms: Date.now() - t0, ok: true });
    log(`ok   ${name} (${Date.now() - t0} ms)`);
    return r;
  } catch (e) {
    steps.push({ step: name, ms: Date.now() - t0, ok: false, note: String(e) });
    log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
    if (!optional) throw e;
    return undefined;
  }
}

function tsx(args: string[], env: Record<string, string>) {
  return spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Tenants, resource types, resources attached months ago and three months of bills (unless the demo has its own). */
async function seed(base: string, admin: string): Promise<{ tenant: string; type: string; spare: string; month: string }> {
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = res.status === 204 ? {} : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const tenant = 'dbteam';
  const type = 'pgsql';
  const { token } = (await call(admin, 'POST', '/tenants', { name: tenant, title: 'Database team' })).token;
  await call(admin, 'POST', '/resource-types', { name: type, tenant, title: 'PostgreSQL', dimensions: [{ name: 'storage', unit: 'GiB' }] });
  const apps = [
    'trade.order.order-api',
    'trade.order.order-sync',
    'trade.order.order-export',
    'pay.checkout.gateway',
    'pay.checkout.refund',
  ];
  const items = apps.flatMap((appid, i) => [
    {
      type,
      externalId: `${appid.split('.').pop()}-db-01`,
      name: `${appid} primary`,
      capacity: { storage: 100 * (i + 1) },
      labels: { tier: i < 2 ? 'gold' : 'silver' },
    },
  ]);
  items.push({ type, externalId: 'spare-db-01', name: 'spare', capacity: { storage: 50 }, labels: { tier: 'bronze' } });
  await call(token, 'PUT', '/resources', { items });
  const now = new Date();
  const monthStart = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  const since = monthStart(4).toISOString();
  for (const [i, appid] of apps.entries()) {
    await call(token, 'POST', `/resources/${type}/${appid.split('.').pop()}-db-01/attach`, {
      appid,
      env: i % 3 === 2 ? 'FAT' : 'PROD',
      at: since,
    });
  }
  const lines = [];
  for (let back = 3; back >= 1; back--) {
    const start = monthStart(back).toISOString();
    const end = monthStart(back - 1).toISOString();
    for (const [i, it] of items.entries()) {
      lines.push({
        BillId: `e2e-${it.externalId}-${start.slice(0, 7)}`,
        ResourceId: `${type}/${it.externalId}`,
        ChargePeriodStart: start,
        ChargePeriodEnd: end,
        BilledCost: `${(i + 1) * 1000 + back * 37}.${String(10 + i * 7).slice(0, 2)}`,
        BillingCurrency: 'CNY',
      });
    }
  }
  lines.push({
    BillId: 'e2e-bad',
    ResourceId: `${type}/no-such-db`,
    ChargePeriodStart: monthStart(1).toISOString(),
    ChargePeriodEnd: monthStart(0).toISOString(),
    BilledCost: '1.00',
    BillingCurrency: 'CNY',
  });
  await call(token, 'POST', '/bills', { lines }).catch((e) => log(`bills not loaded: ${e}`));
  return { tenant, type, spare: 'spare-db-01', month: monthStart(1).toISOString().slice(0, 7) };
}

async function shot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

function gzipSizeOf(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-console.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('console build failed');
  mkdirSync(SHOTS, { recursive: true });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { APPMETA_DATA_DIR: join(tmp, 'data'), APPMETA_PORT: String(port), APPMETA_HOST: '127.0.0.1', APPMETA_LOG_LEVEL: 'warn' };
  await step('start appmeta serve', async () => {
    server = tsx(['serve'], env);
    let out = '';
    server.stdout?.on('data', (d) => {
      out += d;
    });
    server.stderr?.on('data', (d) => {
      out += d;
    });
    for (let i = 0; i < 200; i++) {
      if (out.includes('appmeta is serving')) return;
      if (server.exitCode !== null) throw new Error(`server exited: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${out}`);
  });
  await step('load demo', async () => {
    const demo = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    if (demo.status !== 0) throw new Error(demo.stderr);
  });
  const admin = readFileSync(join(env.APPMETA_DATA_DIR, 'admin-token'), 'utf8').trim();
  const seeded = await step('seed tenant, resources and bills', () => seed(base, admin));
  if (!seeded) throw new Error('seed failed');

  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  await step('sign in with the admin token', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('[data-testid=token]');
    await shot(page, 'sign-in');
    await page.fill('[data-testid=token]', 'amt_wrong-token-wrong-token-wrong');
    await page.click('[data-testid=sign-in]');
    await page.waitForSelector('.ant-form-item-explain-error');
    await page.fill('[data-testid=token]', admin);
    await page.click('[data-testid=sign-in]');
    await page.waitForSelector('[data-testid=home]');
    await page.waitForSelector('[data-testid=me]');
    await shot(page, 'home');
  });

  await step('find an app through the tree search', async () => {
    await page.fill('[data-testid=tree-search] input, input[data-testid=tree-search]', 'order-api');
    const node = page.locator(`[data-key="app:${APP}"]`);
    await node.waitFor();
    await shot(page, 'tree-search');
    await node.click();
    await page.waitForURL(`**/apps/${APP}`);
    await page.waitForSelector('[data-testid=app-title]');
    await shot(page, 'app-overview');
  });

  await step('edit a field and see the audit entry', async () => {
    await page.click('[data-testid=edit-app]');
    await page.waitForSelector('[data-testid=field-title]');
    // An invalid label is refused next to its field, before anything is sent.
    await page.fill('[data-testid=field-labels]', 'Bad Key=1');
    await page.click('[data-testid=save-app]');
    await page.waitForSelector('.ant-form-item-explain-error');
    await page.fill('[data-testid=field-labels]', 'lang=java\nteam=trade-dev\ntier=backend\ne2e=yes');
    await page.fill('[data-testid=field-title]', '订单服务 E2E');
    await page.click('[data-testid=save-app]');
    await page.waitForSelector('[data-testid=app-title]:has-text("订单服务 E2E")');
    await page.click('.ant-tabs-tab[data-node-key=audit]');
    await page.waitForSelector('[data-testid=audit-table] :text("订单服务 E2E")');
    await shot(page, 'app-history');
  });

  await step('attach a resource', async () => {
    await page.click('.ant-tabs-tab[data-node-key=resources]');
    await page.waitForSelector('[data-testid=app-resources]');
    await page.click('[data-testid=attach-open]');
    await page.click('[data-testid=attach-type]');
    await page.keyboard.type(seeded.type);
    await page.keyboard.press('Enter');
    await page.fill('[data-testid=attach-external-id] input, input[data-testid=attach-external-id]', seeded.spare);
    await page.keyboard.press('Escape');
    await page.click('[data-testid=attach-submit]');
    await page.waitForSelector(`[data-testid=app-resources] :text("${seeded.type}/${seeded.spare}")`);
    await shot(page, 'app-resources');
  });

  let batchId = '';
  await step('batch: dry run, apply, revert', async () => {
    await page.goto(`${base}/batches?scope=trade.order&type=${seeded.type}`);
    await page.fill('[data-testid=batch-set-labels]', 'owner=dba-e2e');
    await page.click('[data-testid=batch-dry-run]');
    await page.waitForSelector('[data-testid=batch-preview] [data-testid=batch-changes] tbody tr.ant-table-row');
    await shot(page, 'batch-dry-run');
    await page.click('[data-testid=batch-apply]');
    await page.waitForSelector('[data-testid=batch-detail]');
    batchId = page.url().split('/').pop() ?? '';
    await page.click('[data-testid=batch-revert-preview]');
    await page.click('[data-testid=batch-revert]');
    await page.waitForURL((u) => !u.pathname.endsWith(batchId));
    await page.goto(`${base}/batches/${batchId}`);
    await page.waitForSelector('[data-testid=batch-status]:has-text("已回滚")');
    await shot(page, 'batch-reverted');
  });

  await step('costs: open the month and drill down', async () => {
    await page.goto(`${base}/costs?month=${seeded.month}`);
    await page.waitForSelector('[data-testid=cost-table] [data-testid^=drill-]');
    await page.waitForSelector('[data-testid=chart] canvas');
    await shot(page, 'costs');
    await page.click('[data-testid=cost-table] [data-testid^=drill-] >> nth=0');
    await page.waitForSelector(
      '[data-testid=cost-breadcrumb] li:nth-child(3), [data-testid=cost-breadcrumb] .ant-breadcrumb-link >> nth=1',
    );
    await page.waitForSelector('[data-testid=statement]');
    await shot(page, 'costs-drill-down');
    await page.goto(`${base}/apps/${APP}/costs?month=${seeded.month}`);
    await page.waitForSelector('[data-testid=cost-panel] [data-testid=chart] canvas');
    await shot(page, 'app-costs');
  });

  await step('node pages, resources, tenants, audit', async () => {
    await page.goto(`${base}/domains/trade`);
    await page.waitForSelector('[data-testid=node-children]');
    await shot(page, 'domain');
    await page.goto(`${base}/businesses/trade.order?tab=costs&month=${seeded.month}`);
    await page.waitForSelector('[data-testid=cost-panel] [data-testid=chart] canvas');
    await shot(page, 'business-costs');
    await page.goto(`${base}/resources?scope=trade`);
    await page.waitForSelector('[data-testid=resources-table] tbody tr.ant-table-row');
    await shot(page, 'resources');
    await page.goto(`${base}/tenants`);
    await page.waitForSelector('[data-testid=tenants-page] .ant-table-row');
    await shot(page, 'tenants');
    await page.goto(`${base}/tenants/${seeded.tenant}`);
    await page.waitForSelector('[data-testid=tenant-page]');
    await shot(page, 'tenant');
    await page.goto(`${base}/audit?actor=user:admin`);
    await page.waitForSelector('[data-testid=audit-table] .ant-table-row');
    await shot(page, 'audit');
  });

  await step('switch language', async () => {
    await page.goto(`${base}/apps/${APP}`);
    await page.waitForSelector('[data-testid=app-title]');
    await page.hover('[data-testid=lang-switch]');
    await page.click('.ant-dropdown-menu-item:has-text("English")');
    await page.waitForSelector('.ant-menu :text("Resources")');
    await page.waitForSelector('.ant-tabs-tab:has-text("Overview")');
    await shot(page, 'app-overview-en');
    await page.goto(`${base}/costs?month=${seeded.month}&hierarchy=finance`);
    await page.waitForSelector('[data-testid=cost-table] .ant-table-row');
    await shot(page, 'costs-finance-en');
  });

  await step('measure: first render of the app page and bundle sizes', async () => {
    const ctx = context;
    if (!ctx) throw new Error('no browser');
    const p2 = await ctx.newPage();
    // A cold load: nothing from the HTTP cache.
    const cdp = await ctx.newCDPSession(p2);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const js: string[] = [];
    p2.on('response', (r) => {
      if (r.url().endsWith('.js')) js.push(new URL(r.url()).pathname);
    });
    await p2.goto(`${base}/signin`);
    await p2.evaluate((t) => localStorage.setItem('appmeta.token', t), admin);
    js.length = 0;
    const t0 = Date.now();
    await p2.goto(`${base}/apps/${APP}`);
    await p2.waitForSelector('[data-testid=app-title]');
    const wall = Date.now() - t0;
    const sinceNavigation = await p2.evaluate(() => Math.round(performance.now()));
    figures.appPageDomContentLoadedMs = await p2.evaluate(() =>
      Math.round(
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? -1,
      ),
    );
    const dist = join(ROOT, 'web/dist');
    const firstPage = [...new Set(js)].map((path) => ({ path, gzip: gzipSizeOf(join(dist, path)) }));
    const all = readdirSync(join(dist, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => ({ path: `/assets/${f}`, gzip: gzipSizeOf(join(dist, 'assets', f)) }));
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    figures.appPageFirstRenderMs = sinceNavigation;
    figures.appPageWallMs = wall;
    figures.firstPageJsGzipKB = kb(firstPage.reduce((n, f) => n + f.gzip, 0));
    figures.firstPageJsFiles = firstPage.length;
    figures.allJsGzipKB = kb(all.reduce((n, f) => n + f.gzip, 0));
    figures.echartsChunkGzipKB = kb(all.filter((f) => f.path.includes('EChart')).reduce((n, f) => n + f.gzip, 0));
    figures.largestChunks = all
      .sort((a, b) => b.gzip - a.gzip)
      .slice(0, 5)
      .map((f) => `${f.path.replace('/assets/', '')} ${kb(f.gzip)} kB`);
    if ((figures.firstPageJsGzipKB as number) > 1024)
      throw new Error(`first page loads ${figures.firstPageJsGzipKB} kB of gzip JS (limit 1024)`);
    await p2.close();
  });

  if (consoleErrors.length) log(`page errors: ${consoleErrors.join(' | ')}`);
  figures.e2eSeconds = Math.round((Date.now() - started) / 100) / 10;
  writeFileSync(join(SHOTS, 'e2e-figures.json'), `${JSON.stringify({ figures, steps }, null, 2)}\n`);
  log(`figures: ${JSON.stringify(figures, null, 2)}`);
}

main()
  .then(async () => {
    clearTimeout(watchdog);
    await cleanup();
    const failed = steps.filter((s) => !s.ok);
    log(failed.length ? `${failed.length} step(s) failed` : `all ${steps.length} steps passed`);
    process.exit(failed.length ? 1 : 0);
  })
  .catch(async (e) => {
    clearTimeout(watchdog);
    log(`failed: ${e instanceof Error ? e.stack : e}`);
    await cleanup();
    process.exit(1);
  });
