import type { CreateAppInput } from '../modules/tree/apps.service.ts';
import type { People } from '../modules/tree/tree.types.ts';
import type { DemoApp, DemoBusiness } from './demo.types.ts';
import { DEMO_APPS } from './demo-apps.ts';
import { runtimeOf } from './demo-runtime.ts';
import { DEMO_BUSINESSES } from './demo-tree.ts';

const DEFAULT_TIER: Record<DemoApp['type'], string> = {
  web: 'frontend',
  service: 'backend',
  job: 'batch',
  data: 'data',
  other: 'middleware',
};

const critical = (app: DemoApp) => app.level === 'L0' || app.level === 'L1';

/**
 * People on an app: its owner, the business team plus named developers, the business SRE on
 * L0/L1 apps and the QA team on L0 apps. Roles above (domain, business) are inherited anyway.
 */
function peopleOf(app: DemoApp, business: DemoBusiness): People {
  const people: People = {
    owner: [app.owner ?? business.owner],
    developer: [`team:${business.team}`, ...(app.developers ?? [])],
  };
  if (critical(app)) people.sre = [business.sre];
  if (app.level === 'L0') people.qa = ['team:qa', 'emily.xu'];
  return people;
}

/** The service input for one demo app of `business`. */
export function appInput(business: DemoBusiness, app: DemoApp): CreateAppInput {
  return {
    business: `${business.domain}.${business.name}`,
    name: app.name,
    title: app.title,
    description: app.description ?? `${app.title} (${business.title})`,
    type: app.type,
    level: app.level,
    assurance: app.assurance ?? (critical(app) ? '7x24' : '5x8'),
    lifecycle: app.lifecycle ?? 'online',
    labels: { team: business.team, lang: app.lang, tier: app.tier ?? DEFAULT_TIER[app.type] },
    runtime: runtimeOf(app),
    people: peopleOf(app, business),
  };
}

/** Every demo app as a service input, in business order. @throws Error when DEMO_APPS names an unknown business */
export function demoAppInputs(): CreateAppInput[] {
  const byKey = new Map(DEMO_BUSINESSES.map((b) => [`${b.domain}.${b.name}`, b]));
  return Object.entries(DEMO_APPS).flatMap(([key, apps]) => {
    const business = byKey.get(key);
    if (!business) throw new Error(`demo data: apps listed under unknown business "${key}"`);
    return apps.map((app) => appInput(business, app));
  });
}
