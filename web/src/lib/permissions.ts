/** What the signed-in principal may do, decided the way the API decides it (README "Who may do what"). */

export interface Principal {
  kind: 'user' | 'tenant' | 'system';
  name: string;
  isAdmin: boolean;
  teams: string[];
}

export interface People {
  owner?: string[];
  developer?: string[];
  sre?: string[];
  qa?: string[];
}

export type Role = 'owner' | 'developer' | 'sre' | 'qa';
export const ROLES: Role[] = ['owner', 'developer', 'sre', 'qa'];

function holds(me: Principal, people: People | undefined, roles: Role[]): boolean {
  if (!people) return false;
  return roles.some((r) => (people[r] ?? []).some((p) => p === me.name || (p.startsWith('team:') && me.teams.includes(p.slice(5)))));
}

/** Roles are inherited down the tree: pass the app's, its business's and its domain's people. */
export function canEditAttributes(me: Principal, chain: Array<People | undefined>): boolean {
  if (me.isAdmin) return true;
  if (me.kind !== 'user') return false;
  return chain.some((p) => holds(me, p, ['owner', 'developer', 'sre']));
}

export function canEditPeople(me: Principal, chain: Array<People | undefined>): boolean {
  if (me.isAdmin) return true;
  if (me.kind !== 'user') return false;
  return chain.some((p) => holds(me, p, ['owner']));
}

/** Attach/detach: an admin, or the tenant that owns the resource. */
export function canManageResource(me: Principal, resourceTenant: string): boolean {
  return me.isAdmin || (me.kind === 'tenant' && me.name === resourceTenant);
}

export function canRunBatches(me: Principal): boolean {
  return me.isAdmin || me.kind === 'tenant';
}
