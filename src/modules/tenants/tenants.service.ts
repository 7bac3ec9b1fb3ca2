import { readJson } from '../../db/dialect.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/access.ts';
import type { Principal, RequestContext } from '../auth/principal.ts';
import type { TokenInfo, TokensService } from '../auth/tokens.service.ts';
import type { ServiceDeps } from '../deps.ts';
import { assertSegment } from '../tree/naming.ts';

export interface Dimension {
  /** e.g. `cpu`, `memory`, `storage` */
  name: string;
  /** e.g. `cores`, `GiB` */
  unit: string;
}

export interface ResourceType {
  name: string;
  tenant: string;
  title: string;
  dimensions: Dimension[];
  createdAt: string;
}

export interface Tenant {
  id: string;
  name: string;
  title: string;
  types: string[];
  createdAt: string;
  updatedAt: string;
}

/** Resource type names: lowercase letters, digits and `-`, starting with a letter (`mysql`, `s3`, `k8s-pod`). */
export const TYPE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

/**
 * Tenants are resource providers with their own tokens; each owns resource types. Admins create
 * both; a tenant may read itself; everyone may read the resource types.
 */
export class TenantsService {
  private typesCache: Map<string, ResourceType & { tenantId: string }> | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly tokens: TokensService,
  ) {
    tokens.registerPrincipalType('tenant', async (id): Promise<Principal | undefined> => {
      const t = await this.deps.db.selectFrom('tenants').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
      return t ? { kind: 'tenant', id: t.id, name: t.name } : undefined;
    });
  }

  private async view(db: ServiceDeps['db'], name: string): Promise<Tenant | undefined> {
    const t = await db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
    if (!t) return undefined;
    const types = await db.selectFrom('resource_types').select('name').where('tenant_id', '=', t.id).orderBy('name').execute();
    return { id: t.id, name: t.name, title: t.title, types: types.map((r) => r.name), createdAt: t.created_at, updatedAt: t.updated_at };
  }

  /** Admins see every tenant, a tenant itself. @throws NotFoundError `tenant_not_found` */
  async get(ctx: RequestContext, name: string): Promise<Tenant> {
    const p = ctx.principal;
    if (p.kind === 'tenant' && p.name !== name)
      throw new NotFoundError('tenant_not_found', `There is no tenant "${name}".`, { tenant: name });
    if (p.kind === 'user' && !p.isAdmin) requireAdmin(ctx, 'read tenants');
    const t = await this.view(this.deps.db, name);
    if (!t) throw new NotFoundError('tenant_not_found', `There is no tenant "${name}".`, { tenant: name });
    return t;
  }

  async list(ctx: RequestContext): Promise<Tenant[]> {
    const p = ctx.principal;
    if (p.kind === 'tenant') return [await this.get(ctx, p.name)];
    requireAdmin(ctx, 'list tenants');
    const rows = await this.deps.db.selectFrom('tenants').select('name').orderBy('name').execute();
    const out: Tenant[] = [];
    for (const r of rows) {
      const t = await this.view(this.deps.db, r.name);
      if (t) out.push(t);
    }
    return out;
  }

  /** Creates a tenant and its first token, shown only in the result. @throws ConflictError `tenant_exists` */
  async create(
    ctx: RequestContext,
    input: { name: string; title?: string },
  ): Promise<{ tenant: Tenant; token: TokenInfo & { token: string } }> {
    requireAdmin(ctx, 'create tenants');
    assertSegment('name', input.name);
    return this.deps.transaction(async (tx) => {
      if (await this.view(tx, input.name)) throw new ConflictError('tenant_exists', `A tenant named "${input.name}" already exists.`);
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await tx
        .insertInto('tenants')
        .values({ id, name: input.name, title: input.title ?? input.name, created_at: now, updated_at: now })
        .execute();
      const tenant = (await this.view(tx, input.name)) as Tenant;
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'tenant',
        entityId: id,
        entityKey: input.name,
        before: null,
        after: tenant,
      });
      const token = await this.tokens.insertToken(tx, ctx, {
        principalType: 'tenant',
        principalId: id,
        principalName: input.name,
        name: 'initial',
        expiresAt: null,
      });
      return { tenant, token };
    });
  }

  /** Issues another token for a tenant (rotation: issue the new one, then revoke the old). */
  async issueToken(ctx: RequestContext, name: string, tokenName: string): Promise<TokenInfo & { token: string }> {
    requireAdmin(ctx, 'issue tenant tokens');
    return this.deps.transaction(async (tx) => {
      const t = await this.view(tx, name);
      if (!t) throw new NotFoundError('tenant_not_found', `There is no tenant "${name}".`, { tenant: name });
      return this.tokens.insertToken(tx, ctx, {
        principalType: 'tenant',
        principalId: t.id,
        principalName: name,
        name: tokenName,
        expiresAt: null,
      });
    });
  }

  /** All resource types, cached (they change rarely and are read on every resource write). */
  /** Pass the transaction when inside one (on SQLite a read on `deps.db` there would wait forever). */
  async types(db: ServiceDeps['db'] = this.deps.db): Promise<Map<string, ResourceType & { tenantId: string }>> {
    if (!this.typesCache) {
      const rows = await db
        .selectFrom('resource_types')
        .innerJoin('tenants', 'tenants.id', 'resource_types.tenant_id')
        .selectAll('resource_types')
        .select('tenants.name as tenant_name')
        .orderBy('resource_types.name')
        .execute();
      this.typesCache = new Map(
        rows.map((r) => [
          r.name,
          {
            name: r.name,
            tenant: r.tenant_name,
            tenantId: r.tenant_id,
            title: r.title,
            dimensions: readJson<Dimension[]>(r.dimensions),
            createdAt: r.created_at,
          },
        ]),
      );
    }
    return this.typesCache;
  }

  invalidate(): void {
    this.typesCache = undefined;
  }

  /** @throws ValidationError `unknown_resource_type` (with `field`) */
  async requireType(name: string, field = 'type'): Promise<ResourceType & { tenantId: string }> {
    const t = (await this.types()).get(name);
    if (!t) throw new ValidationError('unknown_resource_type', `There is no resource type "${name}".`, { field, value: name });
    return t;
  }

  /** Admins only. @throws ConflictError `resource_type_exists`; ValidationError `invalid_name`, `unknown_tenant` */
  async createType(
    ctx: RequestContext,
    input: { name: string; tenant: string; title?: string; dimensions?: Dimension[] },
  ): Promise<ResourceType> {
    requireAdmin(ctx, 'create resource types');
    if (!TYPE_NAME_PATTERN.test(input.name)) {
      throw new ValidationError(
        'invalid_name',
        `Resource type "${input.name}" must be 2–32 characters of a–z, 0–9 and "-", starting with a letter.`,
        {
          field: 'name',
          pattern: TYPE_NAME_PATTERN.source,
        },
      );
    }
    const dims = input.dimensions ?? [];
    const dup = dims.find((d, i) => dims.findIndex((e) => e.name === d.name) !== i);
    if (dup) throw new ValidationError('duplicate_dimension', `Dimension "${dup.name}" is listed twice.`, { field: 'dimensions' });
    const created = await this.deps.transaction(async (tx) => {
      const tenant = await tx.selectFrom('tenants').select(['id', 'name']).where('name', '=', input.tenant).executeTakeFirst();
      if (!tenant) throw new ValidationError('unknown_tenant', `There is no tenant "${input.tenant}".`, { field: 'tenant' });
      const existing = await tx.selectFrom('resource_types').select('name').where('name', '=', input.name).executeTakeFirst();
      if (existing) throw new ConflictError('resource_type_exists', `Resource type "${input.name}" already exists.`);
      const now = this.deps.clock.now().toISOString();
      await tx
        .insertInto('resource_types')
        .values({
          name: input.name,
          tenant_id: tenant.id,
          title: input.title ?? input.name,
          dimensions: JSON.stringify(dims),
          created_at: now,
        })
        .execute();
      const after: ResourceType = {
        name: input.name,
        tenant: tenant.name,
        title: input.title ?? input.name,
        dimensions: dims,
        createdAt: now,
      };
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'resource_type',
        entityId: input.name,
        entityKey: input.name,
        before: null,
        after,
      });
      return after;
    });
    return created;
  }
}
