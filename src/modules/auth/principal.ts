/** Who is calling. Resolved from the bearer token by the auth plugin, or `system` for local CLI work. */
export type Principal =
  | { kind: 'user'; id: string; name: string; isAdmin: boolean; teams: readonly string[] }
  | { kind: 'tenant'; id: string; name: string }
  | { kind: 'system' };

/** What every service call carries: the caller and the request id written to audit rows. */
export interface RequestContext {
  principal: Principal;
  requestId: string | null;
  /** set by batch operations so every audit row of one batch carries its id */
  batchId?: string;
}

/** The actor string stored in audit rows: `user:alice`, `tenant:dba`, `system`. */
export function actorOf(p: Principal): string {
  return p.kind === 'system' ? 'system' : `${p.kind}:${p.name}`;
}

export function isAdmin(p: Principal): boolean {
  return p.kind === 'system' || (p.kind === 'user' && p.isAdmin);
}

/** The subjects a role binding may name that match this principal: its user name and `team:<t>` for each team. */
export function subjectsOf(p: Principal): string[] {
  return p.kind === 'user' ? [p.name, ...p.teams.map((t) => `team:${t}`)] : [];
}

export const systemContext: RequestContext = { principal: { kind: 'system' }, requestId: null };
