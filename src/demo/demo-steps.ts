import { systemContext } from '../modules/auth/principal.ts';
import type { Services } from '../services.ts';
import { demoAppInputs } from './demo-app-input.ts';
import { DEMO_ORGS, DEMO_PRODUCTS } from './demo-finance.ts';
import { DEMO_TEAMS, DEMO_USERS } from './demo-people.ts';
import { DEMO_BUSINESSES, DEMO_DOMAINS } from './demo-tree.ts';

export type DemoKind = 'users' | 'teams' | 'orgs' | 'products' | 'domains' | 'businesses' | 'apps';

/** One demo record: how to look it up (a service get that throws NotFoundError) and how to create it. */
export interface DemoStep {
  kind: DemoKind;
  exists: () => Promise<unknown>;
  create: () => Promise<unknown>;
}

/** Records that may be created side by side, or (`sequential`) only one after the other. */
export interface DemoPhase {
  steps: DemoStep[];
  sequential?: boolean;
}

const ctx = systemContext;

/**
 * Every record of the demo as phases in dependency order: users, teams, orgs, products, domains,
 * businesses, apps. Within a phase nothing depends on anything else, except orgs (parents first).
 */
export function demoPhases(s: Services): DemoPhase[] {
  const users = DEMO_USERS.map((u) => ({
    kind: 'users' as const,
    exists: () => s.people.getUser(u.name),
    create: () => s.people.createUser(ctx, { name: u.name, displayName: u.displayName, email: u.email }),
  }));
  const teams = DEMO_TEAMS.map((t) => ({
    kind: 'teams' as const,
    exists: () => s.people.getTeam(t.name),
    create: () => s.people.createTeam(ctx, t),
  }));
  const orgs = DEMO_ORGS.map((o) => ({
    kind: 'orgs' as const,
    exists: () => s.finance.getOrg(o.name),
    create: () => s.finance.createOrg(ctx, o),
  }));
  const products = DEMO_PRODUCTS.map((p) => ({
    kind: 'products' as const,
    exists: () => s.finance.getProduct(p.name),
    create: () => s.finance.createProduct(ctx, p),
  }));
  const domains = DEMO_DOMAINS.map((d) => ({
    kind: 'domains' as const,
    exists: () => s.nodes.getDomain(d.name),
    create: () => s.nodes.createDomain(ctx, d),
  }));
  const businesses = DEMO_BUSINESSES.map((b) => ({
    kind: 'businesses' as const,
    exists: () => s.nodes.getBusiness(`${b.domain}.${b.name}`),
    create: () =>
      s.nodes.createBusiness(ctx, {
        domain: b.domain,
        name: b.name,
        title: b.title,
        description: b.description,
        product: b.product,
        people: { owner: [b.owner], developer: [`team:${b.team}`], qa: ['team:qa'] },
      }),
  }));
  const apps = demoAppInputs().map((a) => ({
    kind: 'apps' as const,
    exists: () => s.apps.get(`${a.business}.${a.name}`),
    create: () => s.apps.create(ctx, a),
  }));
  return [
    { steps: users },
    { steps: teams },
    { steps: orgs, sequential: true },
    { steps: products },
    { steps: domains },
    { steps: businesses },
    { steps: apps },
  ];
}
