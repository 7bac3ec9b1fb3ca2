import { ConflictError, ValidationError } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/access.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import { assertSegment } from '../tree/naming.ts';
import { PeopleRepository, type Team, type User } from './people.repository.ts';

/** User names: lowercase login names, `a-z0-9._-`, starting with a letter, 2–64 characters. */
export const USER_NAME_PATTERN = /^[a-z][a-z0-9._-]{1,63}$/;

function assertUserName(field: string, name: string): void {
  if (!USER_NAME_PATTERN.test(name)) {
    throw new ValidationError(
      'invalid_name',
      `${field} "${name}" must be 2–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter.`,
      { field, value: name, pattern: USER_NAME_PATTERN.source },
    );
  }
}

export interface CreateUserInput {
  name: string;
  displayName?: string;
  email?: string | null;
  isAdmin?: boolean;
}

export interface CreateTeamInput {
  name: string;
  title?: string;
  members?: string[];
}

/**
 * Users and teams: the subjects that app roles name. Only admins change them; everyone may read.
 * Every change is audited with its outbox event in the same transaction.
 */
export class PeopleService {
  readonly repo = new PeopleRepository();

  constructor(private readonly deps: ServiceDeps) {}

  async getUser(name: string): Promise<User> {
    return this.repo.getUser(this.deps.db, name);
  }

  async listUsers(after: string | undefined, limit: number, q?: string): Promise<User[]> {
    return this.repo.listUsers(this.deps.db, after, limit, q);
  }

  /** @throws ConflictError `user_exists`; ValidationError `invalid_name` */
  async createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
    requireAdmin(ctx, 'create users');
    assertUserName('name', input.name);
    return this.deps.transaction(async (tx) => {
      if (await this.repo.findUser(tx, input.name)) {
        throw new ConflictError('user_exists', `A user named "${input.name}" already exists.`, { user: input.name });
      }
      const now = this.deps.clock.now().toISOString();
      const row = {
        id: this.deps.ids.next(),
        name: input.name,
        display_name: input.displayName ?? input.name,
        email: input.email ?? null,
        is_admin: input.isAdmin ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await this.repo.insertUser(tx, row);
      const user = await this.repo.getUser(tx, input.name);
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'user',
        entityId: user.id,
        entityKey: user.name,
        before: null,
        after: user,
      });
      return user;
    });
  }

  /** @throws ConflictError `last_admin` when the change would leave no admin. */
  async updateUser(
    ctx: RequestContext,
    name: string,
    patch: { displayName?: string; email?: string | null; isAdmin?: boolean },
  ): Promise<User> {
    requireAdmin(ctx, 'change users');
    return this.deps.transaction(async (tx) => {
      const before = await this.repo.getUser(tx, name);
      if (patch.isAdmin === false && before.isAdmin && (await this.repo.countAdmins(tx)) <= 1) {
        throw new ConflictError('last_admin', `"${name}" is the last admin; make another user admin first.`);
      }
      await this.repo.updateUser(tx, before.id, {
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.isAdmin !== undefined && { is_admin: patch.isAdmin ? 1 : 0 }),
        updated_at: this.deps.clock.now().toISOString(),
      });
      const after = await this.repo.getUser(tx, name);
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'user',
        entityId: after.id,
        entityKey: name,
        before,
        after,
      });
      return after;
    });
  }

  /** Deletes a user, their team memberships and role bindings, and revokes their tokens. @throws ConflictError `last_admin` */
  async deleteUser(ctx: RequestContext, name: string): Promise<void> {
    requireAdmin(ctx, 'delete users');
    await this.deps.transaction(async (tx) => {
      const before = await this.repo.getUser(tx, name);
      if (before.isAdmin && (await this.repo.countAdmins(tx)) <= 1) {
        throw new ConflictError('last_admin', `"${name}" is the last admin and cannot be deleted.`);
      }
      const now = this.deps.clock.now().toISOString();
      await tx
        .updateTable('tokens')
        .set({ revoked_at: now })
        .where('principal_type', '=', 'user')
        .where('principal_id', '=', before.id)
        .where('revoked_at', 'is', null)
        .execute();
      // Roles named after the user go with them; a later user of the same name must not inherit them.
      await tx.deleteFrom('role_bindings').where('subject', '=', name).execute();
      await this.repo.deleteUser(tx, before.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'user',
        entityId: before.id,
        entityKey: name,
        before,
        after: null,
      });
    });
  }

  async getTeam(name: string): Promise<Team> {
    return this.repo.getTeam(this.deps.db, name);
  }

  async listTeams(after: string | undefined, limit: number): Promise<Team[]> {
    return this.repo.listTeams(this.deps.db, after, limit);
  }

  /** @throws ConflictError `team_exists`; ValidationError `invalid_name`, `unknown_user` */
  async createTeam(ctx: RequestContext, input: CreateTeamInput): Promise<Team> {
    requireAdmin(ctx, 'create teams');
    assertSegment('name', input.name);
    return this.deps.transaction(async (tx) => {
      if (await this.repo.findTeam(tx, input.name)) {
        throw new ConflictError('team_exists', `A team named "${input.name}" already exists.`, { team: input.name });
      }
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await this.repo.insertTeam(tx, { id, name: input.name, title: input.title ?? input.name, created_at: now, updated_at: now });
      await this.repo.setMembers(tx, id, await this.memberIds(tx, input.members ?? []), now);
      const after = await this.repo.getTeam(tx, input.name);
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'team',
        entityId: id,
        entityKey: input.name,
        before: null,
        after,
      });
      return after;
    });
  }

  /** Changes a team's title and/or replaces its member list. */
  async updateTeam(ctx: RequestContext, name: string, patch: { title?: string; members?: string[] }): Promise<Team> {
    requireAdmin(ctx, 'change teams');
    return this.deps.transaction(async (tx) => {
      const before = await this.repo.getTeam(tx, name);
      const now = this.deps.clock.now().toISOString();
      await this.repo.updateTeam(tx, before.id, { ...(patch.title !== undefined && { title: patch.title }), updated_at: now });
      if (patch.members) await this.repo.setMembers(tx, before.id, await this.memberIds(tx, patch.members), now);
      const after = await this.repo.getTeam(tx, name);
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'team',
        entityId: before.id,
        entityKey: name,
        before,
        after,
      });
      return after;
    });
  }

  /** Deletes a team. Role bindings naming it are removed with it (audited on the team). */
  async deleteTeam(ctx: RequestContext, name: string): Promise<void> {
    requireAdmin(ctx, 'delete teams');
    await this.deps.transaction(async (tx) => {
      const before = await this.repo.getTeam(tx, name);
      await tx.deleteFrom('role_bindings').where('subject', '=', `team:${name}`).execute();
      await this.repo.deleteTeam(tx, before.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'team',
        entityId: before.id,
        entityKey: name,
        before,
        after: null,
      });
    });
  }

  private async memberIds(tx: ServiceDeps['db'], names: string[]): Promise<string[]> {
    const unique = [...new Set(names)];
    const { ids, missing } = await this.repo.resolveUsers(tx, unique);
    if (missing.length > 0) {
      throw new ValidationError('unknown_user', `No such user(s): ${missing.join(', ')}.`, { field: 'members', missing });
    }
    return ids;
  }
}
