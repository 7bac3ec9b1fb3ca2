import type { Kysely } from 'kysely';
import type { Database, TeamsTable, UsersTable } from '../../db/schema.ts';
import { NotFoundError } from '../../shared/errors.ts';

export interface User {
  id: string;
  name: string;
  displayName: string;
  email: string | null;
  isAdmin: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Team {
  id: string;
  name: string;
  title: string;
  members: string[];
  createdAt: string;
  updatedAt: string;
}

function toUser(r: UsersTable): User {
  return {
    id: r.id,
    name: r.name,
    displayName: r.display_name,
    email: r.email,
    isAdmin: r.is_admin === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Users, teams and team membership. Rows in, domain objects out. */
export class PeopleRepository {
  async findUser(db: Kysely<Database>, name: string): Promise<User | undefined> {
    const r = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return r && toUser(r);
  }

  async findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
    const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  /** @throws NotFoundError `user_not_found` */
  async getUser(db: Kysely<Database>, name: string): Promise<User> {
    const u = await this.findUser(db, name);
    if (!u) throw new NotFoundError('user_not_found', `There is no user "${name}".`, { user: name });
    return u;
  }

  async listUsers(db: Kysely<Database>, after: string | undefined, limit: number, q?: string): Promise<User[]> {
    let query = db.selectFrom('users').selectAll();
    if (after) query = query.where('name', '>', after);
    if (q) {
      const like = `%${q.toLowerCase()}%`;
      query = query.where((eb) => eb.or([eb('name', 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]));
    }
    const rows = await query
      .orderBy('name')
      .limit(limit + 1)
      .execute();
    return rows.map(toUser);
  }

  async countAdmins(db: Kysely<Database>): Promise<number> {
    const r = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('is_admin', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertUser(db: Kysely<Database>, row: UsersTable): Promise<void> {
    await db.insertInto('users').values(row).execute();
  }

  async updateUser(db: Kysely<Database>, id: string, patch: Partial<UsersTable>): Promise<void> {
    await db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async deleteUser(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('users').where('id', '=', id).execute();
  }

  /** Names of the teams the user belongs to. */
  async teamsOfUser(db: Kysely<Database>, userId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select('teams.name')
      .where('team_members.user_id', '=', userId)
      .orderBy('teams.name')
      .execute();
    return rows.map((r) => r.name);
  }

  async findTeam(db: Kysely<Database>, name: string): Promise<Team | undefined> {
    const r = await db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r) return undefined;
    return this.withMembers(db, [r]).then((t) => t[0]);
  }

  /** @throws NotFoundError `team_not_found` */
  async getTeam(db: Kysely<Database>, name: string): Promise<Team> {
    const t = await this.findTeam(db, name);
    if (!t) throw new NotFoundError('team_not_found', `There is no team "${name}".`, { team: name });
    return t;
  }

  async listTeams(db: Kysely<Database>, after: string | undefined, limit: number): Promise<Team[]> {
    let q = db.selectFrom('teams').selectAll();
    if (after) q = q.where('name', '>', after);
    const rows = await q
      .orderBy('name')
      .limit(limit + 1)
      .execute();
    return this.withMembers(db, rows);
  }

  private async withMembers(db: Kysely<Database>, rows: TeamsTable[]): Promise<Team[]> {
    if (rows.length === 0) return [];
    const members = await db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select(['team_members.team_id', 'users.name'])
      .where(
        'team_members.team_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('users.name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      members: members.filter((m) => m.team_id === r.id).map((m) => m.name),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async insertTeam(db: Kysely<Database>, row: TeamsTable): Promise<void> {
    await db.insertInto('teams').values(row).execute();
  }

  async updateTeam(db: Kysely<Database>, id: string, patch: Partial<TeamsTable>): Promise<void> {
    await db.updateTable('teams').set(patch).where('id', '=', id).execute();
  }

  async deleteTeam(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('teams').where('id', '=', id).execute();
  }

  /** Replaces the member list of a team. */
  async setMembers(db: Kysely<Database>, teamId: string, userIds: string[], at: string): Promise<void> {
    await db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
    if (userIds.length > 0) {
      await db
        .insertInto('team_members')
        .values(userIds.map((user_id) => ({ team_id: teamId, user_id, created_at: at })))
        .execute();
    }
  }

  /** Ids of the named users, in input order; names that do not exist are returned in `missing`. */
  async resolveUsers(db: Kysely<Database>, names: string[]): Promise<{ ids: string[]; missing: string[] }> {
    if (names.length === 0) return { ids: [], missing: [] };
    const rows = await db.selectFrom('users').select(['id', 'name']).where('name', 'in', names).execute();
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    return {
      ids: names.flatMap((n) => byName.get(n) ?? []),
      missing: names.filter((n) => !byName.has(n)),
    };
  }

  /** Which of these team names exist. */
  async existingTeams(db: Kysely<Database>, names: string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await db.selectFrom('teams').select('name').where('name', 'in', names).execute();
    return new Set(rows.map((r) => r.name));
  }
}
