import { describe, expect, it } from 'vitest';
import { USER_NAME_PATTERN } from '../modules/people/people.service.ts';
import { isSegment, parseAppId } from '../modules/tree/naming.ts';
import { businessBody, createAppBody, domainBody } from '../modules/tree/tree.schemas.ts';
import { ROLES } from '../modules/tree/tree.types.ts';
import { demoAppInputs } from './demo-app-input.ts';
import { DEMO_ORGS, DEMO_PRODUCTS } from './demo-finance.ts';
import { DEMO_TEAMS, DEMO_USERS } from './demo-people.ts';
import { DEMO_BUSINESSES, DEMO_DOMAINS } from './demo-tree.ts';

const apps = demoAppInputs();
const users = new Set(DEMO_USERS.map((u) => u.name));
const subjects = new Set([...users, ...DEMO_TEAMS.map((t) => `team:${t.name}`)]);

describe('the demo data set', () => {
  it('has the size of a mid-size company', () => {
    expect({
      users: DEMO_USERS.length,
      teams: DEMO_TEAMS.length,
      orgs: DEMO_ORGS.length,
      products: DEMO_PRODUCTS.length,
      domains: DEMO_DOMAINS.length,
      businesses: DEMO_BUSINESSES.length,
      apps: apps.length,
    }).toEqual({ users: 12, teams: 7, orgs: 8, products: 6, domains: 6, businesses: 23, apps: 80 });
  });

  it('follows the naming rules and has no duplicates', () => {
    const segments = [DEMO_TEAMS, DEMO_ORGS, DEMO_PRODUCTS, DEMO_DOMAINS, DEMO_BUSINESSES, apps].flatMap((list) => list.map((x) => x.name));
    expect(segments.filter((n) => !isSegment(n))).toEqual([]);
    expect(DEMO_USERS.filter((u) => !USER_NAME_PATTERN.test(u.name))).toEqual([]);
    const appids = apps.map((a) => `${a.business}.${a.name}`);
    expect(appids.filter((id) => !parseAppId(id))).toEqual([]);
    expect(new Set(appids).size).toBe(appids.length);
    for (const list of [DEMO_USERS, DEMO_TEAMS, DEMO_ORGS, DEMO_PRODUCTS, DEMO_DOMAINS]) {
      expect(new Set(list.map((x) => x.name)).size).toBe(list.length);
    }
  });

  it('is accepted by the HTTP API schemas', () => {
    for (const d of DEMO_DOMAINS) expect(domainBody.safeParse(d).error).toBeUndefined();
    for (const b of DEMO_BUSINESSES) {
      const { domain, name, product, title, description } = b;
      expect(businessBody.safeParse({ domain, name, product, title, description }).error).toBeUndefined();
    }
    for (const a of apps) expect(createAppBody.safeParse(a).error, a.name).toBeUndefined();
  });

  it('refers only to things it defines, parents first', () => {
    const seen = new Set<string>();
    for (const o of DEMO_ORGS) {
      if (o.parent) expect(seen.has(o.parent), o.name).toBe(true);
      seen.add(o.name);
    }
    expect(DEMO_PRODUCTS.filter((p) => !seen.has(p.org))).toEqual([]);
    expect(DEMO_TEAMS.flatMap((t) => t.members).filter((m) => !users.has(m))).toEqual([]);
    const products = new Set(DEMO_PRODUCTS.map((p) => p.name));
    const domains = new Set(DEMO_DOMAINS.map((d) => d.name));
    expect(DEMO_BUSINESSES.filter((b) => !products.has(b.product) || !domains.has(b.domain))).toEqual([]);
    expect(DEMO_BUSINESSES.filter((b) => !users.has(b.owner) || !users.has(b.sre))).toEqual([]);
    const named = [...DEMO_DOMAINS, ...apps].flatMap((x) => ROLES.flatMap((r) => x.people?.[r] ?? []));
    expect(named.filter((s) => !subjects.has(s))).toEqual([]);
  });

  it('varies what a newcomer would filter by', () => {
    const distinct = (f: (a: (typeof apps)[number]) => string | undefined) => new Set(apps.map(f)).size;
    expect(distinct((a) => a.type)).toBe(5);
    expect(distinct((a) => a.level)).toBe(4);
    expect(distinct((a) => a.assurance)).toBe(2);
    expect(distinct((a) => a.lifecycle)).toBe(4);
    expect(distinct((a) => a.labels?.lang)).toBe(4);
    expect(apps.some((a) => /\p{Script=Han}/u.test(a.title ?? ''))).toBe(true);
    expect(apps.filter((a) => a.lifecycle === 'online').every((a) => a.runtime?.PROD?.healthCheck)).toBe(true);
  });
});
