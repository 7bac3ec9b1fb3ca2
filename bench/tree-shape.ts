import type { People, RuntimeInfo } from '../src/modules/tree/tree.types.ts';

/**
 * The synthetic business-line tree: deterministic, so the service load and the raw load write the
 * same content, and the HTTP runs can name appids without reading them back.
 */
export interface TreeShape {
  domains: number;
  businessesPerDomain: number;
  appsPerBusiness: number;
}

export const FULL_SHAPE: TreeShape = { domains: 20, businessesPerDomain: 500, appsPerBusiness: 10 };
export const QUICK_SHAPE: TreeShape = { domains: 2, businessesPerDomain: 50, appsPerBusiness: 10 };

export const appCount = (s: TreeShape) => s.domains * s.businessesPerDomain * s.appsPerBusiness;
export const businessCount = (s: TreeShape) => s.domains * s.businessesPerDomain;

/** The non-admin user whose token the HTTP runs use. */
export const READER = 'bench-reader';

const DOMAIN_WORDS = [
  'trade',
  'payments',
  'risk',
  'customer',
  'channels',
  'data',
  'infra',
  'security',
  'identity',
  'finance',
  'marketing',
  'logistics',
  'search',
  'media',
  'operations',
  'compliance',
  'analytics',
  'messaging',
  'platform',
  'lending',
];
const BUSINESS_WORDS = ['clearing', 'orders', 'ledger', 'pricing', 'quotes', 'billing', 'onboarding', 'reports', 'settlement', 'alerts'];
const APP_WORDS = ['api', 'web', 'worker', 'gateway', 'batch', 'cache', 'admin', 'reporting', 'sync', 'scheduler'];
const PRODUCTS = ['core-banking', 'cards', 'lending', 'wealth', 'payments-hub', 'treasury', 'insurance', 'data-platform'];
const TIERS = ['frontend', 'backend', 'data', 'batch'];
const LANGS = ['java', 'go', 'python', 'node', 'rust'];
const REGIONS = ['cn-east', 'cn-north', 'eu-west'];
const TYPES = ['service', 'web', 'job', 'data', 'service', 'service'] as const;
const LEVELS = ['L0', 'L1', 'L1', 'L2', 'L2', 'L2', 'L3', 'L3'] as const;
const LIFECYCLES = ['online', 'online', 'online', 'developing', 'planning', 'retired'] as const;

/** 0 → `aa`, 1 → `ab`, … : letters only, because tree names may not contain digits. */
export function letters(i: number, width = 2): string {
  let out = '';
  let n = i;
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out.padStart(width, 'a');
}

export interface Prerequisites {
  orgs: Array<{ name: string; parent?: string }>;
  products: Array<{ name: string; org: string }>;
  users: string[];
  teams: Array<{ name: string; members: string[] }>;
}

const memo = new WeakMap<TreeShape, Prerequisites>();

/** Orgs, products, users and teams: a handful, created through the services before any timing. */
export function prerequisites(shape: TreeShape): Prerequisites {
  const known = memo.get(shape);
  if (known) return known;
  const userCount = Math.min(200, Math.max(20, shape.domains * 10));
  const users = Array.from({ length: userCount }, (_, i) => `dev${String(i).padStart(3, '0')}`);
  const teamCount = Math.max(8, shape.domains * 2);
  const teams = Array.from({ length: teamCount }, (_, i) => ({
    name: `team-${letters(i)}`,
    members: Array.from({ length: 5 }, (_, k) => users[(i * 5 + k) % users.length] as string),
  }));
  const out: Prerequisites = {
    orgs: [{ name: 'group' }, { name: 'retail', parent: 'group' }, { name: 'wholesale', parent: 'group' }],
    products: PRODUCTS.map((name, i) => ({ name, org: i % 2 === 0 ? 'retail' : 'wholesale' })),
    users,
    teams,
  };
  memo.set(shape, out);
  return out;
}

export interface DomainPlan {
  name: string;
  title: string;
  description: string;
  people: People;
}

export interface BusinessPlan {
  domain: string;
  name: string;
  title: string;
  description: string;
  product: string;
  people: People;
}

export interface AppPlan {
  business: string;
  name: string;
  title: string;
  description: string;
  type: string;
  level: string;
  assurance: string;
  lifecycle: string;
  labels: Record<string, string>;
  runtime: Record<string, RuntimeInfo>;
  people: People;
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

export function domainName(d: number): string {
  return d < DOMAIN_WORDS.length ? (DOMAIN_WORDS[d] as string) : `${pick(DOMAIN_WORDS, d)}-${letters(d)}`;
}

export function domainPlan(shape: TreeShape, d: number): DomainPlan {
  const p = prerequisites(shape);
  const name = domainName(d);
  return {
    name,
    title: `${name[0]?.toUpperCase()}${name.slice(1)}`,
    description: `Everything about ${name}.`,
    people: { owner: [`team:${pick(p.teams, d).name}`] },
  };
}

export function businessName(b: number): string {
  return `${pick(BUSINESS_WORDS, b)}-${letters(b)}`;
}

export function businessPlan(shape: TreeShape, d: number, b: number): BusinessPlan {
  const p = prerequisites(shape);
  const n = d * shape.businessesPerDomain + b;
  const name = businessName(b);
  return {
    domain: domainName(d),
    name,
    title: `${domainName(d)} ${name}`,
    description: `The ${name} business of ${domainName(d)}.`,
    product: pick(PRODUCTS, n),
    people: { owner: [pick(p.users, n)], developer: [`team:${pick(p.teams, n + 1).name}`] },
  };
}

export function appName(a: number): string {
  return a < APP_WORDS.length ? (APP_WORDS[a] as string) : `${pick(APP_WORDS, a)}-${letters(a)}`;
}

export function appPlan(shape: TreeShape, d: number, b: number, a: number): AppPlan {
  const p = prerequisites(shape);
  const n = (d * shape.businessesPerDomain + b) * shape.appsPerBusiness + a;
  const business = `${domainName(d)}.${businessName(b)}`;
  const name = appName(a);
  const runtime: Record<string, RuntimeInfo> = {
    PROD: { ports: [{ name: 'http', port: 8080, protocol: 'http' }], healthCheck: { protocol: 'http', path: '/healthz', port: 8080 } },
  };
  if (n % 2 === 0) runtime.UAT = { ports: [{ port: 8080, protocol: 'http' }] };
  return {
    business,
    name,
    title: `${businessName(b)} ${name}`,
    description: `The ${name} of ${business}: serves ${pick(TIERS, n)} traffic.`,
    type: pick(TYPES, n),
    level: pick(LEVELS, n),
    assurance: n % 3 === 0 ? '7x24' : '5x8',
    lifecycle: pick(LIFECYCLES, n),
    labels: {
      tier: pick(TIERS, n),
      lang: pick(LANGS, n + d),
      'cost-center': `cc-${1000 + (n % 300)}`,
      region: pick(REGIONS, b),
    },
    runtime,
    people: {
      owner: [pick(p.users, n + 7)],
      developer: [`team:${pick(p.teams, n + 1).name}`, pick(p.users, n + 13)],
      sre: [`team:${pick(p.teams, d + 3).name}`],
    },
  };
}

/** Every appid of the tree, in load order. */
export function allAppIds(shape: TreeShape): string[] {
  const out: string[] = [];
  for (let d = 0; d < shape.domains; d++) {
    for (let b = 0; b < shape.businessesPerDomain; b++) {
      for (let a = 0; a < shape.appsPerBusiness; a++) out.push(`${domainName(d)}.${businessName(b)}.${appName(a)}`);
    }
  }
  return out;
}

/** A small deterministic PRNG (mulberry32), so the hot set is the same in every run. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
