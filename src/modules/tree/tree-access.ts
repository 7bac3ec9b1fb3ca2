import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ForbiddenError, ValidationError } from '../../shared/errors.ts';
import { isAdmin, type RequestContext, subjectsOf } from '../auth/principal.ts';
import type { BindingsRepository } from './bindings.repository.ts';
import { type People, ROLES, type Role, type ScopePath } from './tree.types.ts';

/**
 * Who may change what in the tree. Roles are inherited downward (a domain owner owns every app in it).
 * - edit (attributes, labels, runtime; create children): owner, developer or sre
 * - manage (people, move/rename, delete): owner
 * Admins may do everything; qa and everyone else may read only.
 */
export type TreeAction = 'edit' | 'manage';

const ALLOWED: Record<TreeAction, readonly Role[]> = {
  edit: ['owner', 'developer', 'sre'],
  manage: ['owner'],
};

export class TreeAccess {
  constructor(private readonly bindings: BindingsRepository) {}

  /** @throws ForbiddenError `not_permitted` naming the roles that would have allowed it */
  async assert(db: Kysely<Database>, ctx: RequestContext, path: ScopePath, action: TreeAction, target: string): Promise<void> {
    if (isAdmin(ctx.principal)) return;
    const held = await this.bindings.rolesAt(db, path, subjectsOf(ctx.principal));
    if (ALLOWED[action].some((r) => held.has(r))) return;
    throw new ForbiddenError(
      'not_permitted',
      `You may not ${action === 'edit' ? 'change' : 'manage'} ${target}: it needs the role ${ALLOWED[action].join(' or ')} on it or on a node above it.`,
      {
        target,
        needs: ALLOWED[action],
        held: [...held],
      },
    );
  }
}

/**
 * Checks that every subject named in `people` exists (users by name, teams as `team:<name>`).
 * @throws ValidationError `unknown_subject` listing the ones that do not.
 */
export async function assertPeopleExist(db: Kysely<Database>, people: People | undefined): Promise<void> {
  if (!people) return;
  const subjects = [...new Set(ROLES.flatMap((r) => people[r] ?? []))];
  const teams = subjects.filter((s) => s.startsWith('team:')).map((s) => s.slice(5));
  const users = subjects.filter((s) => !s.startsWith('team:'));
  const foundUsers = users.length ? await db.selectFrom('users').select('name').where('name', 'in', users).execute() : [];
  const foundTeams = teams.length ? await db.selectFrom('teams').select('name').where('name', 'in', teams).execute() : [];
  const known = new Set([...foundUsers.map((u) => u.name), ...foundTeams.map((t) => `team:${t.name}`)]);
  const missing = subjects.filter((s) => !known.has(s));
  if (missing.length > 0) {
    throw new ValidationError('unknown_subject', `No such user or team: ${missing.join(', ')}.`, { field: 'people', missing });
  }
}
