/** The shapes of the demo data set: plain records, expanded into service inputs by demo-app-input.ts. */

import type { APP_LEVELS, APP_TYPES, ASSURANCES, LIFECYCLES, People, PortSpec } from '../modules/tree/tree.types.ts';

export interface DemoUser {
  name: string;
  displayName: string;
  email: string;
}

export interface DemoTeam {
  name: string;
  title: string;
  members: string[];
}

/** Listed parents first: an org's parent appears before it. */
export interface DemoOrg {
  name: string;
  title: string;
  parent: string | null;
}

export interface DemoProduct {
  name: string;
  title: string;
  org: string;
}

export interface DemoDomain {
  name: string;
  title: string;
  description: string;
  people: People;
}

export interface DemoBusiness {
  domain: string;
  name: string;
  title: string;
  description: string;
  product: string;
  /** the team that builds it: `developer` on the business, `team=` label on its apps */
  team: string;
  /** business owner, and the default owner of its apps */
  owner: string;
  /** the SRE on call for its L0/L1 apps */
  sre: string;
}

export type DemoLang = 'java' | 'go' | 'node' | 'python';

/** One app, compact: runtime, labels and people are derived from it and its business. */
export interface DemoApp {
  name: string;
  title: string;
  type: (typeof APP_TYPES)[number];
  level: (typeof APP_LEVELS)[number];
  lang: DemoLang;
  description?: string;
  /** default: online */
  lifecycle?: (typeof LIFECYCLES)[number];
  /** default: 7x24 for L0/L1, 5x8 otherwise */
  assurance?: (typeof ASSURANCES)[number];
  /** default: the business owner */
  owner?: string;
  /** developers besides the business team */
  developers?: string[];
  /** `tier=` label; default from the type */
  tier?: string;
  /** replaces the ports of its language */
  ports?: PortSpec[];
}
