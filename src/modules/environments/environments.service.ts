import { jsonHasKey } from '../../db/dialect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/access.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';

export interface Environment {
  name: string;
  title: string;
  position: number;
  builtIn: boolean;
}

/** Environment names: uppercase, like PROD or DR_SITE. */
export const ENV_NAME_PATTERN = /^[A-Z][A-Z0-9_]{1,15}$/;

/**
 * Environments (PROD, PRE, UAT, FAT built in; admins add more). Read on every runtime write,
 * so the list is cached in memory and refreshed after each change.
 */
export class EnvironmentsService {
  private cached: Environment[] | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  async list(): Promise<Environment[]> {
    if (!this.cached) {
      const rows = await this.deps.db.selectFrom('environments').selectAll().orderBy('position').orderBy('name').execute();
      this.cached = rows.map((r) => ({ name: r.name, title: r.title, position: Number(r.position), builtIn: Number(r.built_in) === 1 }));
    }
    return this.cached;
  }

  /** Forget the cached list (another replica may have changed it). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** @throws NotFoundError `environment_not_found` */
  async get(name: string): Promise<Environment> {
    const env = (await this.list()).find((e) => e.name === name);
    if (!env) throw new NotFoundError('environment_not_found', `There is no environment "${name}".`, { environment: name });
    return env;
  }

  /** @throws ValidationError `unknown_environment` for the first name that is not an environment */
  async assertKnown(field: string, names: string[]): Promise<void> {
    const known = new Set((await this.list()).map((e) => e.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new ValidationError('unknown_environment', `Unknown environment(s): ${unknown.join(', ')}. Known: ${[...known].join(', ')}.`, {
        field,
        unknown,
      });
    }
  }

  async create(ctx: RequestContext, input: { name: string; title?: string; position?: number }): Promise<Environment> {
    requireAdmin(ctx, 'add environments');
    if (!ENV_NAME_PATTERN.test(input.name)) {
      throw new ValidationError(
        'invalid_name',
        `Environment name "${input.name}" must be 2–16 characters of A–Z, 0–9 and "_", starting with a letter.`,
        {
          field: 'name',
          pattern: ENV_NAME_PATTERN.source,
        },
      );
    }
    const env = await this.deps.transaction(async (tx) => {
      const existing = await tx.selectFrom('environments').select('name').where('name', '=', input.name).executeTakeFirst();
      if (existing) throw new ConflictError('environment_exists', `Environment "${input.name}" already exists.`);
      const max = await tx
        .selectFrom('environments')
        .select((eb) => eb.fn.max('position').as('p'))
        .executeTakeFirst();
      const row = {
        name: input.name,
        title: input.title ?? input.name,
        position: input.position ?? Number(max?.p ?? 0) + 10,
        built_in: 0,
        created_at: this.deps.clock.now().toISOString(),
      };
      await tx.insertInto('environments').values(row).execute();
      const after: Environment = { name: row.name, title: row.title, position: row.position, builtIn: false };
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'environment',
        entityId: row.name,
        entityKey: row.name,
        before: null,
        after,
      });
      return after;
    });
    return env;
  }

  async update(ctx: RequestContext, name: string, patch: { title?: string; position?: number }): Promise<Environment> {
    requireAdmin(ctx, 'change environments');
    this.invalidate();
    const before = await this.get(name);
    const after = {
      ...before,
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.position !== undefined && { position: patch.position }),
    };
    await this.deps.transaction(async (tx) => {
      await tx.updateTable('environments').set({ title: after.title, position: after.position }).where('name', '=', name).execute();
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'environment',
        entityId: name,
        entityKey: name,
        before,
        after,
      });
    });
    return after;
  }

  /** @throws ConflictError `environment_built_in`, `environment_in_use` */
  async delete(ctx: RequestContext, name: string): Promise<void> {
    requireAdmin(ctx, 'delete environments');
    this.invalidate();
    const before = await this.get(name);
    if (before.builtIn) throw new ConflictError('environment_built_in', `"${name}" is a built-in environment and cannot be deleted.`);
    await this.deps.transaction(async (tx) => {
      const users = await tx
        .selectFrom('apps')
        .select('appid')
        .where(jsonHasKey(this.deps.dialect, 'runtime', name))
        .limit(20)
        .execute();
      if (users.length > 0) {
        throw new ConflictError('environment_in_use', `Apps still describe a runtime in "${name}".`, { apps: users.map((u) => u.appid) });
      }
      await tx.deleteFrom('environments').where('name', '=', name).execute();
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'environment',
        entityId: name,
        entityKey: name,
        before,
        after: null,
      });
    });
  }
}
