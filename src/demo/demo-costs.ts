import type { RawBillLine } from '../modules/billing/bill-line.ts';
import type { ResourceInput } from '../modules/resources/resources.types.ts';
import { formatMoney } from '../shared/money.ts';
import { demoAppInputs } from './demo-app-input.ts';

/** The demo's resource provider: a cloud platform team that bills compute, databases and storage. */
export const DEMO_TENANT = { name: 'cloud', title: 'Cloud Platform' };

export const DEMO_TYPES = [
  {
    name: 'ecs',
    title: 'Elastic Compute Service',
    dimensions: [
      { name: 'cpu', unit: 'cores' },
      { name: 'memory', unit: 'GiB' },
    ],
  },
  { name: 'rds', title: 'Relational Database Service', dimensions: [{ name: 'storage', unit: 'GiB' }] },
  { name: 'oss', title: 'Object Storage Service', dimensions: [{ name: 'storage', unit: 'GiB' }] },
];

/** One demo resource: what to register, from when, how it is billed, and (once) where it moves. */
export interface DemoResource {
  input: ResourceInput;
  /** registered (and attached) this many days after the demo's first billed month began; negative: before it */
  sinceDay: number;
  currency: 'CNY' | 'USD';
  /** cost of one day in micro-units, before the day's ±4 % variation */
  dailyMicros: bigint;
  /** moved to this app (same env) at `DEMO_MOVE_DAY` days after the first month began, at noon UTC */
  moveTo?: string;
}

/** Days after the first billed month began on which the moving resource changes apps (mid second month). */
export const DEMO_MOVE_DAY = 45;

const DAY = 86_400_000;
const cents = (x: number) => BigInt(Math.round(x * 100)) * 10_000n;

/** A small deterministic hash (FNV-1a), so the demo's amounts are the same on every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The ~150 resources of the demo: 90 ECS instances, 35 RDS databases, 25 OSS buckets, attached to
 * the demo's online apps in PROD (and UAT where the app runs there). Some RDS are shared with
 * weights 3:1 and 7:3, a few resources are unattached (their cost lands in the tenant's unallocated
 * bucket), ten ECS arrive in the third month, one ECS moves to another app mid-month, and the
 * overseas OSS buckets are billed in USD.
 */
export function demoResources(): DemoResource[] {
  const apps = demoAppInputs().filter((a) => a.runtime?.PROD);
  const appid = (i: number) => {
    const a = apps[i % apps.length] as (typeof apps)[number];
    return `${a.business}.${a.name}`;
  };
  const withUat = apps.filter((a) => a.runtime?.UAT).map((a) => `${a.business}.${a.name}`);
  const out: DemoResource[] = [];
  const shapes = [
    [2, 4],
    [4, 8],
    [4, 16],
    [8, 32],
    [16, 64],
  ] as const;
  for (let i = 1; i <= 90; i++) {
    const [cpu, memory] = shapes[hash(`ecs${i}`) % shapes.length] as readonly [number, number];
    const id = `i-${String(i).padStart(3, '0')}`;
    const uat = i % 4 === 0;
    const target = uat ? (withUat[i % withUat.length] as string) : appid(i);
    const unattached = i % 18 === 17;
    out.push({
      input: {
        type: 'ecs',
        externalId: id,
        name: `${target.split('.').pop()}-${uat ? 'uat' : 'prod'}-${i}`,
        capacity: { cpu, memory },
        labels: { zone: `cn-hangzhou-${'abc'[i % 3]}` },
        ...(unattached ? {} : { attach: [{ appid: target, env: uat ? 'UAT' : 'PROD' }] }),
      },
      sinceDay: i > 80 ? 70 : -5,
      currency: 'CNY',
      // pay-as-you-go list price: 3.20 per core-day and 0.45 per GiB-day
      dailyMicros: cents(cpu * 3.2 + memory * 0.45),
      ...(i === 7 ? { moveTo: appid(i + 11) } : {}),
    });
  }
  for (let i = 1; i <= 35; i++) {
    const storage = [100, 200, 500, 1000, 2000][hash(`rds${i}`) % 5] as number;
    const owner = appid(i * 3);
    const attach =
      i % 7 === 0
        ? [
            { appid: owner, env: 'PROD', weight: i % 14 === 0 ? 7 : 3 },
            { appid: appid(i * 3 + 1), env: 'PROD', weight: i % 14 === 0 ? 3 : 1 },
          ]
        : [{ appid: owner, env: 'PROD' }];
    out.push({
      input: { type: 'rds', externalId: `db-${String(i).padStart(2, '0')}`, capacity: { storage }, attach },
      sinceDay: -5,
      currency: 'CNY',
      // an instance fee of 18.00 a day plus 0.012 per GiB-day
      dailyMicros: cents(18 + storage * 0.012),
    });
  }
  for (let i = 1; i <= 25; i++) {
    const storage = [500, 2_000, 8_000, 20_000, 50_000][hash(`oss${i}`) % 5] as number;
    const overseas = i % 3 === 0;
    const unattached = i === 5 || i === 20;
    out.push({
      input: {
        type: 'oss',
        externalId: `bucket-${String(i).padStart(2, '0')}`,
        capacity: { storage },
        labels: { region: overseas ? 'us-west-1' : 'cn-shanghai' },
        ...(unattached ? {} : { attach: [{ appid: appid(i * 5 + 2), env: 'PROD' }] }),
      },
      sinceDay: -5,
      currency: overseas ? 'USD' : 'CNY',
      // 0.023 USD or 0.12 CNY per GiB-month, billed by the day
      dailyMicros: overseas ? BigInt(Math.round((storage * 0.023 * 1e6) / 30)) : BigInt(Math.round((storage * 0.12 * 1e6) / 30)),
    });
  }
  return out;
}

/** 00:00 UTC on the first day of the month three months before `now`'s: the first month the demo bills. */
export function demoStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
}

/**
 * One FOCUS line per resource and UTC day, from the day it was registered (at the earliest the
 * demo's first month) through the last day that has ended before `now`, skipping the days in
 * `billed`. BillIds are `cloud-<type>-<id>-<day>`, so pushing the same day twice is a duplicate.
 */
export function demoBillLines(resources: readonly DemoResource[], now: Date, billed: ReadonlySet<string>): RawBillLine[] {
  const start = demoStart(now).getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const lines: RawBillLine[] = [];
  for (let day = start; day < today; day += DAY) {
    const d = new Date(day).toISOString().slice(0, 10);
    if (billed.has(d)) continue;
    for (const r of resources) {
      if (day < start + Math.max(0, r.sinceDay + 1) * DAY) continue;
      const key = `${r.input.type}-${r.input.externalId}`;
      // ±4 % from day to day, rounded to the cent
      const variation = BigInt((hash(`${key}${d}`) % 801) - 400);
      const amount = ((r.dailyMicros * (10_000n + variation)) / 10_000n / 10_000n) * 10_000n;
      lines.push({
        BillId: `cloud-${key}-${d}`,
        ResourceId: `${r.input.type}/${r.input.externalId}`,
        ChargePeriodStart: `${d}T00:00:00Z`,
        ChargePeriodEnd: new Date(day + DAY).toISOString().replace('.000Z', 'Z'),
        BilledCost: formatMoney(amount),
        BillingCurrency: r.currency,
        ChargeCategory: 'Usage',
        ChargeDescription: `${r.input.type.toUpperCase()} ${r.input.externalId}, 1 day`,
        SkuId: `${r.input.type}.payg`,
        x_Region: r.input.labels?.region ?? r.input.labels?.zone ?? 'cn-hangzhou',
      });
    }
  }
  return lines;
}
