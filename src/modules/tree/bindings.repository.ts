import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type People, ROLES, type Role, type ScopePath, type ScopeType } from './tree.types.ts';

/** Role bindings (people by role on a node) and the aliases that renames leave behind. */
export class BindingsRepository {
  /** People of each node, keyed by node id. Nodes without bindings get `{}`. */
  async peopleOf(db: Kysely<Database>, scopeType: ScopeType, ids: string[]): Promise<Map<string, People>> {
    const out = new Map<string, People>(ids.map((id) => [id, {}]));
    if (ids.length === 0) return out;
    const rows = await db
      .selectFrom('role_bindings')
      .select(['scope_id', 'role', 'subject'])
      .where('scope_type', '=', scopeType)
      .where('scope_id', 'in', ids)
      .orderBy('scope_id')
      .orderBy('role')
      .orderBy('subject')
      .execute();
    for (const r of rows) {
      const people = out.get(r.scope_id);
      if (!people) continue;
      const role = r.role as Role;
      const list = people[role] ?? [];
      list.push(r.subject);
      people[role] = list;
    }
    return out;
  }

  /** Replaces the bindings of the roles present in `people` (roles not mentioned stay as they are). */
  async setPeople(db: Kysely<Database>, scopeType: ScopeType, id: string, people: People, at: string): Promise<void> {
    const roles = ROLES.filter((r) => people[r] !== undefined);
    if (roles.length === 0) return;
    await db
      .deleteFrom('role_bindings')
      .where('scope_type', '=', scopeType)
      .where('scope_id', '=', id)
      .where('role', 'in', roles)
      .execute();
    const rows = roles.flatMap((role) =>
      [...new Set(people[role])].map((subject) => ({ scope_type: scopeType, scope_id: id, role, subject, created_at: at })),
    );
    if (rows.length > 0) await db.insertInto('role_bindings').values(rows).execute();
  }

  async deletePeople(db: Kysely<Database>, scopeType: ScopeType, id: string): Promise<void> {
    await db.deleteFrom('role_bindings').where('scope_type', '=', scopeType).where('scope_id', '=', id).execute();
  }

  /** The roles `subjects` hold on the node or any of its ancestors (roles are inherited downward). */
  async rolesAt(db: Kysely<Database>, path: ScopePath, subjects: string[]): Promise<Set<Role>> {
    if (subjects.length === 0) return new Set();
    const rows = await db
      .selectFrom('role_bindings')
      .select('role')
      .where('subject', 'in', subjects)
      .where((eb) =>
        eb.or([
          eb.and([eb('scope_type', '=', 'domain'), eb('scope_id', '=', path.domainId)]),
          ...(path.businessId ? [eb.and([eb('scope_type', '=', 'business'), eb('scope_id', '=', path.businessId)])] : []),
          ...(path.appId ? [eb.and([eb('scope_type', '=', 'app'), eb('scope_id', '=', path.appId)])] : []),
        ]),
      )
      .execute();
    return new Set(rows.map((r) => r.role as Role));
  }

  /** Old keys that still lead to each node, keyed by node id. */
  async aliasesOf(db: Kysely<Database>, kind: ScopeType, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db
      .selectFrom('aliases')
      .select(['target_id', 'name'])
      .where('kind', '=', kind)
      .where('target_id', 'in', ids)
      .orderBy('name')
      .execute();
    for (const r of rows) out.get(r.target_id)?.push(r.name);
    return out;
  }

  async findAlias(db: Kysely<Database>, kind: ScopeType, name: string): Promise<string | undefined> {
    const r = await db.selectFrom('aliases').select('target_id').where('kind', '=', kind).where('name', '=', name).executeTakeFirst();
    return r?.target_id;
  }

  /** Records that `name` now leads to `targetId`; a newer alias with the same name replaces the older. */
  async putAlias(db: Kysely<Database>, kind: ScopeType, name: string, targetId: string, at: string): Promise<void> {
    await db
      .insertInto('aliases')
      .values({ kind, name, target_id: targetId, created_at: at })
      .onConflict((oc) => oc.columns(['kind', 'name']).doUpdateSet({ target_id: targetId, created_at: at }))
      .execute();
  }

  /** A real node now has this key: an alias with the same name would be shadowed, so it goes. */
  async dropAlias(db: Kysely<Database>, kind: ScopeType, name: string): Promise<void> {
    await db.deleteFrom('aliases').where('kind', '=', kind).where('name', '=', name).execute();
  }

  async dropAliasesOf(db: Kysely<Database>, kind: ScopeType, targetId: string): Promise<void> {
    await db.deleteFrom('aliases').where('kind', '=', kind).where('target_id', '=', targetId).execute();
  }
}
