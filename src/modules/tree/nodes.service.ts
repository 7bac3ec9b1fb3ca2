import { ConflictError, NotFoundError } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/access.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { FinanceService } from '../finance/finance.service.ts';
import type { AppsRepository } from './apps.repository.ts';
import type { BindingsRepository } from './bindings.repository.ts';
import { assertSegment, requireBusinessKey } from './naming.ts';
import { type BusinessRow, type DomainRow, NodesRepository } from './nodes.repository.ts';
import { aliasBusinessesOfDomain, dropBusinessAliasesShadowedBy, rekeyApps } from './queries/rekey-apps.ts';
import type { Business, Domain, People } from './tree.types.ts';
import { assertPeopleExist, type TreeAccess } from './tree-access.ts';
import { noTreeHooks, type TreeHooks } from './tree-hooks.ts';

const IN_THE_WAY = 20;

export interface DomainInput {
  name: string;
  title?: string;
  description?: string;
  people?: People;
}

export interface BusinessInput {
  domain: string;
  name: string;
  product: string;
  title?: string;
  description?: string;
  people?: People;
}

/** A node found by its key, and the key asked for when it was reached through an alias. */
export type Resolved<T> = T & { requestedAs: string | null };

/**
 * Domains and businesses: the upper levels of the business-line tree. Renames and moves rewrite the
 * appids below them and leave the old keys behind as aliases, all in one transaction.
 */
export class NodesService {
  readonly repo = new NodesRepository();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly bindings: BindingsRepository,
    private readonly apps: AppsRepository,
    private readonly access: TreeAccess,
    private readonly finance: FinanceService,
    private readonly hooks: TreeHooks = noTreeHooks,
  ) {}

  // ── domains ──────────────────────────────────────────────────────────────

  /** Finds a domain by name or by an old name. @throws NotFoundError `domain_not_found` */
  async resolveDomain(db: ServiceDeps['db'], name: string): Promise<Resolved<DomainRow>> {
    const direct = await this.repo.findDomain(db, name);
    if (direct) return { ...direct, requestedAs: null };
    const target = await this.bindings.findAlias(db, 'domain', name);
    const aliased = target ? await this.repo.findDomainById(db, target) : undefined;
    if (aliased) return { ...aliased, requestedAs: name };
    throw new NotFoundError('domain_not_found', `There is no domain "${name}".`, { domain: name });
  }

  private async domainViews(db: ServiceDeps['db'], rows: DomainRow[]): Promise<Domain[]> {
    const ids = rows.map((r) => r.id);
    const people = await this.bindings.peopleOf(db, 'domain', ids);
    const aliases = await this.bindings.aliasesOf(db, 'domain', ids);
    const counts = await this.repo.domainCounts(db, ids);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      description: r.description,
      people: people.get(r.id) ?? {},
      businessCount: counts.get(r.id)?.businesses ?? 0,
      appCount: counts.get(r.id)?.apps ?? 0,
      aliases: aliases.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  private async domainView(db: ServiceDeps['db'], row: DomainRow): Promise<Domain> {
    const [view] = await this.domainViews(db, [row]);
    if (!view) throw new Error('unreachable: a view per row');
    return view;
  }

  async getDomain(name: string): Promise<Resolved<Domain>> {
    const row = await this.resolveDomain(this.deps.db, name);
    return { ...(await this.domainView(this.deps.db, row)), requestedAs: row.requestedAs };
  }

  async listDomains(after: string | undefined, limit: number): Promise<Domain[]> {
    return this.domainViews(this.deps.db, await this.repo.listDomains(this.deps.db, after, limit));
  }

  /** Admins only. @throws ConflictError `domain_exists`; ValidationError `invalid_name`, `unknown_subject` */
  async createDomain(ctx: RequestContext, input: DomainInput): Promise<Domain> {
    requireAdmin(ctx, 'create domains');
    assertSegment('name', input.name);
    return this.deps.transaction(async (tx) => {
      if (await this.repo.findDomain(tx, input.name)) {
        throw new ConflictError('domain_exists', `A domain named "${input.name}" already exists.`, { domain: input.name });
      }
      await assertPeopleExist(tx, input.people);
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await this.repo.insertDomain(tx, {
        id,
        name: input.name,
        title: input.title ?? input.name,
        description: input.description ?? '',
        created_at: now,
        updated_at: now,
      });
      if (input.people) await this.bindings.setPeople(tx, 'domain', id, input.people, now);
      await this.bindings.dropAlias(tx, 'domain', input.name);
      const after = await this.domainView(tx, (await this.repo.findDomainById(tx, id)) as DomainRow);
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'domain',
        entityId: id,
        entityKey: input.name,
        before: null,
        after,
      });
      return after;
    });
  }

  /** title/description need edit rights, people need manage rights. */
  async updateDomain(ctx: RequestContext, name: string, patch: Omit<Partial<DomainInput>, 'name'>): Promise<Domain> {
    return this.deps.transaction(async (tx) => {
      const row = await this.resolveDomain(tx, name);
      const path = { domainId: row.id };
      await this.access.assert(tx, ctx, path, patch.people ? 'manage' : 'edit', `domain ${row.name}`);
      await assertPeopleExist(tx, patch.people);
      const before = await this.domainView(tx, row);
      const now = this.deps.clock.now().toISOString();
      await this.repo.updateDomain(tx, row.id, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.description !== undefined && { description: patch.description }),
        updated_at: now,
      });
      if (patch.people) await this.bindings.setPeople(tx, 'domain', row.id, patch.people, now);
      const after = await this.domainView(tx, (await this.repo.findDomainById(tx, row.id)) as DomainRow);
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'domain',
        entityId: row.id,
        entityKey: row.name,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Renames a domain: every business key and appid under it changes; the old ones keep resolving.
   * @throws ConflictError `domain_exists`
   */
  async renameDomain(ctx: RequestContext, name: string, newName: string): Promise<Domain> {
    assertSegment('name', newName);
    return this.deps.transaction(async (tx) => {
      const row = await this.resolveDomain(tx, name);
      await this.access.assert(tx, ctx, { domainId: row.id }, 'manage', `domain ${row.name}`);
      if (newName === row.name) return this.domainView(tx, row);
      if (await this.repo.findDomain(tx, newName)) {
        throw new ConflictError('domain_exists', `A domain named "${newName}" already exists.`, { domain: newName });
      }
      const before = await this.domainView(tx, row);
      const now = this.deps.clock.now().toISOString();
      await this.repo.updateDomain(tx, row.id, { name: newName, updated_at: now });
      await this.bindings.putAlias(tx, 'domain', row.name, row.id, now);
      await this.bindings.dropAlias(tx, 'domain', newName);
      await aliasBusinessesOfDomain(tx, row.id, row.name, now);
      await dropBusinessAliasesShadowedBy(tx, row.id, newName);
      await rekeyApps(tx, { domainId: row.id }, `${row.name}.`, `${newName}.`, now);
      const after = await this.domainView(tx, (await this.repo.findDomainById(tx, row.id)) as DomainRow);
      await this.deps.changes.record(tx, ctx, {
        action: 'renamed',
        entityType: 'domain',
        entityId: row.id,
        entityKey: newName,
        before,
        after,
      });
      return after;
    });
  }

  /** @throws ConflictError `node_not_empty` naming the businesses in the way */
  async deleteDomain(ctx: RequestContext, name: string): Promise<void> {
    await this.deps.transaction(async (tx) => {
      const row = await this.resolveDomain(tx, name);
      await this.access.assert(tx, ctx, { domainId: row.id }, 'manage', `domain ${row.name}`);
      const businesses = await this.repo.businessKeysOf(tx, row.id, IN_THE_WAY);
      if (businesses.length > 0) {
        throw new ConflictError('node_not_empty', `Domain "${row.name}" still has businesses; move or delete them first.`, { businesses });
      }
      const before = await this.domainView(tx, row);
      await this.bindings.deletePeople(tx, 'domain', row.id);
      await this.bindings.dropAliasesOf(tx, 'domain', row.id);
      await this.repo.deleteDomain(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'domain',
        entityId: row.id,
        entityKey: row.name,
        before,
        after: null,
      });
    });
  }

  // ── businesses ───────────────────────────────────────────────────────────

  /** Finds a business by `domain.business` or an old key. @throws NotFoundError `business_not_found` */
  async resolveBusiness(db: ServiceDeps['db'], key: string, field?: string): Promise<Resolved<BusinessRow>> {
    const { domain, business } = requireBusinessKey(field ?? 'business', key);
    const direct = await this.repo.findBusiness(db, domain, business);
    if (direct) return { ...direct, requestedAs: null };
    const target = await this.bindings.findAlias(db, 'business', key);
    const aliased = target ? await this.repo.findBusinessById(db, target) : undefined;
    if (aliased) return { ...aliased, requestedAs: key };
    const details = { business: key, ...(field && { field }) };
    throw new NotFoundError('business_not_found', `There is no business "${key}".`, details);
  }

  private async businessViews(db: ServiceDeps['db'], rows: BusinessRow[]): Promise<Business[]> {
    const ids = rows.map((r) => r.id);
    const people = await this.bindings.peopleOf(db, 'business', ids);
    const aliases = await this.bindings.aliasesOf(db, 'business', ids);
    const counts = await this.repo.businessAppCounts(db, ids);
    return rows.map((r) => ({
      id: r.id,
      key: `${r.domain_name}.${r.name}`,
      domain: r.domain_name,
      name: r.name,
      title: r.title,
      description: r.description,
      product: r.product_name,
      people: people.get(r.id) ?? {},
      appCount: counts.get(r.id) ?? 0,
      aliases: aliases.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  private async businessView(db: ServiceDeps['db'], id: string): Promise<Business> {
    const row = await this.repo.findBusinessById(db, id);
    const [view] = row ? await this.businessViews(db, [row]) : [];
    if (!view) throw new Error(`unreachable: business ${id} vanished inside its transaction`);
    return view;
  }

  async getBusiness(key: string): Promise<Resolved<Business>> {
    const row = await this.resolveBusiness(this.deps.db, key);
    return { ...(await this.businessView(this.deps.db, row.id)), requestedAs: row.requestedAs };
  }

  async listBusinesses(f: { domain?: string; product?: string; after?: string }, limit: number): Promise<Business[]> {
    const db = this.deps.db;
    const domain = f.domain ? await this.resolveDomain(db, f.domain) : undefined;
    const product = f.product ? await this.finance.requireProduct(db, f.product, 'product') : undefined;
    const after = f.after ? requireBusinessKey('cursor', f.after) : undefined;
    const rows = await this.repo.listBusinesses(
      db,
      { domainId: domain?.id, productId: product?.id, after: after && { domain: after.domain, name: after.business } },
      limit,
    );
    return this.businessViews(db, rows);
  }

  /** Needs edit rights on the domain. @throws ConflictError `business_exists`; ValidationError `unknown_product` */
  async createBusiness(ctx: RequestContext, input: BusinessInput): Promise<Business> {
    assertSegment('name', input.name);
    return this.deps.transaction(async (tx) => {
      const domain = await this.resolveDomain(tx, input.domain).catch((e) => {
        throw e instanceof NotFoundError ? new NotFoundError('domain_not_found', e.message, { field: 'domain', domain: input.domain }) : e;
      });
      await this.access.assert(tx, ctx, { domainId: domain.id }, 'edit', `domain ${domain.name}`);
      const product = await this.finance.requireProduct(tx, input.product, 'product');
      if (await this.repo.findBusiness(tx, domain.name, input.name)) {
        throw new ConflictError('business_exists', `Business "${domain.name}.${input.name}" already exists.`, {
          business: `${domain.name}.${input.name}`,
        });
      }
      await assertPeopleExist(tx, input.people);
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await this.repo.insertBusiness(tx, {
        id,
        domain_id: domain.id,
        name: input.name,
        title: input.title ?? input.name,
        description: input.description ?? '',
        product_id: product.id,
        created_at: now,
        updated_at: now,
      });
      if (input.people) await this.bindings.setPeople(tx, 'business', id, input.people, now);
      await this.bindings.dropAlias(tx, 'business', `${domain.name}.${input.name}`);
      const after = await this.businessView(tx, id);
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'business',
        entityId: id,
        entityKey: after.key,
        before: null,
        after,
      });
      return after;
    });
  }

  /** title/description/product need edit rights; people need manage rights. */
  async updateBusiness(
    ctx: RequestContext,
    key: string,
    patch: { title?: string; description?: string; product?: string; people?: People },
  ): Promise<Business> {
    return this.deps.transaction(async (tx) => {
      const row = await this.resolveBusiness(tx, key);
      const path = { domainId: row.domain_id, businessId: row.id };
      await this.access.assert(tx, ctx, path, patch.people ? 'manage' : 'edit', `business ${row.domain_name}.${row.name}`);
      await assertPeopleExist(tx, patch.people);
      const product = patch.product ? await this.finance.requireProduct(tx, patch.product, 'product') : undefined;
      const before = await this.businessView(tx, row.id);
      const now = this.deps.clock.now().toISOString();
      await this.repo.updateBusiness(tx, row.id, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(product && { product_id: product.id }),
        updated_at: now,
      });
      if (patch.people) await this.bindings.setPeople(tx, 'business', row.id, patch.people, now);
      const after = await this.businessView(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'business',
        entityId: row.id,
        entityKey: after.key,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Moves a business to another domain and/or renames it. Needs manage rights on the business and
   * edit rights on the target domain. Appids below change; old keys and appids keep resolving.
   * @throws ConflictError `business_exists`
   */
  async moveBusiness(ctx: RequestContext, key: string, to: { domain?: string; name?: string }): Promise<Business> {
    if (to.name !== undefined) assertSegment('name', to.name);
    return this.deps.transaction(async (tx) => {
      const row = await this.resolveBusiness(tx, key);
      await this.access.assert(
        tx,
        ctx,
        { domainId: row.domain_id, businessId: row.id },
        'manage',
        `business ${row.domain_name}.${row.name}`,
      );
      const target = to.domain ? await this.resolveDomain(tx, to.domain) : await this.resolveDomain(tx, row.domain_name);
      if (target.id !== row.domain_id) await this.access.assert(tx, ctx, { domainId: target.id }, 'edit', `domain ${target.name}`);
      const newName = to.name ?? row.name;
      const oldKey = `${row.domain_name}.${row.name}`;
      const newKey = `${target.name}.${newName}`;
      if (newKey === oldKey) return this.businessView(tx, row.id);
      if (await this.repo.findBusiness(tx, target.name, newName)) {
        throw new ConflictError('business_exists', `Business "${newKey}" already exists.`, { business: newKey });
      }
      const before = await this.businessView(tx, row.id);
      const now = this.deps.clock.now().toISOString();
      await this.repo.updateBusiness(tx, row.id, { domain_id: target.id, name: newName, updated_at: now });
      await this.bindings.putAlias(tx, 'business', oldKey, row.id, now);
      await this.bindings.dropAlias(tx, 'business', newKey);
      await rekeyApps(tx, { businessId: row.id }, `${oldKey}.`, `${newKey}.`, now);
      if (target.id !== row.domain_id) await this.hooks.businessMoved(tx, row.id, target.id);
      const after = await this.businessView(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'moved',
        entityType: 'business',
        entityId: row.id,
        entityKey: newKey,
        before,
        after,
      });
      return after;
    });
  }

  /** @throws ConflictError `node_not_empty` naming the apps in the way */
  async deleteBusiness(ctx: RequestContext, key: string): Promise<void> {
    await this.deps.transaction(async (tx) => {
      const row = await this.resolveBusiness(tx, key);
      await this.access.assert(
        tx,
        ctx,
        { domainId: row.domain_id, businessId: row.id },
        'manage',
        `business ${row.domain_name}.${row.name}`,
      );
      const apps = await this.apps.appidsOf(tx, row.id, IN_THE_WAY);
      if (apps.length > 0) {
        throw new ConflictError('node_not_empty', `Business "${row.domain_name}.${row.name}" still has apps; move or delete them first.`, {
          apps,
        });
      }
      const before = await this.businessView(tx, row.id);
      await this.bindings.deletePeople(tx, 'business', row.id);
      await this.bindings.dropAliasesOf(tx, 'business', row.id);
      await this.repo.deleteBusiness(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'business',
        entityId: row.id,
        entityKey: before.key,
        before,
        after: null,
      });
    });
  }
}
