import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { requireAdmin } from '../auth/access.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import { assertSegment } from '../tree/naming.ts';
import { FinanceRepository, type OrgRow, type ProductRow } from './finance.repository.ts';

export interface Org {
  name: string;
  title: string;
  parent: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Product {
  name: string;
  title: string;
  org: string;
  createdAt: string;
  updatedAt: string;
}

const toOrg = (r: OrgRow): Org => ({
  name: r.name,
  title: r.title,
  parent: r.parent_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toProduct = (r: ProductRow): Product => ({
  name: r.name,
  title: r.title,
  org: r.org_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** How many blocking children a refused delete names. */
const IN_THE_WAY = 20;

/**
 * The finance hierarchy: orgs (a tree) and products (each in one org). Businesses name a product,
 * which is how costs reach orgs. Admins change it; everyone reads it.
 */
export class FinanceService {
  readonly repo = new FinanceRepository();

  constructor(private readonly deps: ServiceDeps) {}

  /** @throws NotFoundError `org_not_found` */
  async getOrg(name: string): Promise<Org> {
    return toOrg(await this.requireOrg(this.deps.db, name));
  }

  async listOrgs(after: string | undefined, limit: number): Promise<Org[]> {
    return (await this.repo.listOrgs(this.deps.db, after, limit)).map(toOrg);
  }

  private async requireOrg(db: ServiceDeps['db'], name: string, field?: string): Promise<OrgRow> {
    const org = await this.repo.findOrg(db, name);
    if (org) return org;
    if (field) throw new ValidationError('unknown_org', `There is no org "${name}".`, { field, value: name });
    throw new NotFoundError('org_not_found', `There is no org "${name}".`, { org: name });
  }

  /** @throws ConflictError `org_exists`; ValidationError `invalid_name`, `unknown_org` */
  async createOrg(ctx: RequestContext, input: { name: string; title?: string; parent?: string | null }): Promise<Org> {
    requireAdmin(ctx, 'create orgs');
    assertSegment('name', input.name);
    return this.deps.transaction(async (tx) => {
      if (await this.repo.findOrg(tx, input.name)) {
        throw new ConflictError('org_exists', `An org named "${input.name}" already exists.`, { org: input.name });
      }
      const parent = input.parent ? await this.requireOrg(tx, input.parent, 'parent') : undefined;
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await this.repo.insertOrg(tx, {
        id,
        name: input.name,
        title: input.title ?? input.name,
        parent_id: parent?.id ?? null,
        created_at: now,
        updated_at: now,
      });
      const after = toOrg(await this.requireOrg(tx, input.name));
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'org',
        entityId: id,
        entityKey: input.name,
        before: null,
        after,
      });
      return after;
    });
  }

  /** Changes title or parent. @throws ValidationError `org_cycle` when the new parent lies below the org. */
  async updateOrg(ctx: RequestContext, name: string, patch: { title?: string; parent?: string | null }): Promise<Org> {
    requireAdmin(ctx, 'change orgs');
    return this.deps.transaction(async (tx) => {
      const row = await this.requireOrg(tx, name);
      let parentId: string | null | undefined;
      if (patch.parent !== undefined) {
        if (patch.parent === null) parentId = null;
        else {
          const parent = await this.requireOrg(tx, patch.parent, 'parent');
          if ((await this.repo.ancestorIds(tx, parent.id)).includes(row.id)) {
            throw new ValidationError('org_cycle', `"${patch.parent}" lies under "${name}"; an org cannot be its own ancestor.`, {
              field: 'parent',
            });
          }
          parentId = parent.id;
        }
      }
      await this.repo.updateOrg(tx, row.id, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(parentId !== undefined && { parent_id: parentId }),
        updated_at: this.deps.clock.now().toISOString(),
      });
      const after = toOrg(await this.requireOrg(tx, name));
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'org',
        entityId: row.id,
        entityKey: name,
        before: toOrg(row),
        after,
      });
      return after;
    });
  }

  /** @throws ConflictError `node_not_empty` naming the child orgs and products in the way */
  async deleteOrg(ctx: RequestContext, name: string): Promise<void> {
    requireAdmin(ctx, 'delete orgs');
    await this.deps.transaction(async (tx) => {
      const row = await this.requireOrg(tx, name);
      const orgs = await this.repo.childOrgNames(tx, row.id, IN_THE_WAY);
      const products = await this.repo.productNamesOf(tx, row.id, IN_THE_WAY);
      if (orgs.length || products.length) {
        throw new ConflictError('node_not_empty', `Org "${name}" still has child orgs or products; move or delete them first.`, {
          orgs,
          products,
        });
      }
      await this.repo.deleteOrg(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'org',
        entityId: row.id,
        entityKey: name,
        before: toOrg(row),
        after: null,
      });
    });
  }

  /** @throws NotFoundError `product_not_found` */
  async getProduct(name: string): Promise<Product> {
    return toProduct(await this.requireProduct(this.deps.db, name));
  }

  /** The product row, for other modules (businesses name their product). `field` makes a miss a 400. */
  async requireProduct(db: ServiceDeps['db'], name: string, field?: string): Promise<ProductRow> {
    const p = await this.repo.findProduct(db, name);
    if (p) return p;
    if (field) throw new ValidationError('unknown_product', `There is no product "${name}".`, { field, value: name });
    throw new NotFoundError('product_not_found', `There is no product "${name}".`, { product: name });
  }

  async listProducts(f: { org?: string; after?: string }, limit: number): Promise<Product[]> {
    const org = f.org ? await this.requireOrg(this.deps.db, f.org, 'org') : undefined;
    return (await this.repo.listProducts(this.deps.db, { orgId: org?.id, after: f.after }, limit)).map(toProduct);
  }

  async createProduct(ctx: RequestContext, input: { name: string; title?: string; org: string }): Promise<Product> {
    requireAdmin(ctx, 'create products');
    assertSegment('name', input.name);
    return this.deps.transaction(async (tx) => {
      if (await this.repo.findProduct(tx, input.name)) {
        throw new ConflictError('product_exists', `A product named "${input.name}" already exists.`, { product: input.name });
      }
      const org = await this.requireOrg(tx, input.org, 'org');
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await this.repo.insertProduct(tx, {
        id,
        name: input.name,
        title: input.title ?? input.name,
        org_id: org.id,
        created_at: now,
        updated_at: now,
      });
      const after = toProduct(await this.requireProduct(tx, input.name));
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'product',
        entityId: id,
        entityKey: input.name,
        before: null,
        after,
      });
      return after;
    });
  }

  async updateProduct(ctx: RequestContext, name: string, patch: { title?: string; org?: string }): Promise<Product> {
    requireAdmin(ctx, 'change products');
    return this.deps.transaction(async (tx) => {
      const row = await this.requireProduct(tx, name);
      const org = patch.org ? await this.requireOrg(tx, patch.org, 'org') : undefined;
      await this.repo.updateProduct(tx, row.id, {
        ...(patch.title !== undefined && { title: patch.title }),
        ...(org && { org_id: org.id }),
        updated_at: this.deps.clock.now().toISOString(),
      });
      const after = toProduct(await this.requireProduct(tx, name));
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'product',
        entityId: row.id,
        entityKey: name,
        before: toProduct(row),
        after,
      });
      return after;
    });
  }

  /** @throws ConflictError `node_not_empty` naming the businesses that still name this product */
  async deleteProduct(ctx: RequestContext, name: string): Promise<void> {
    requireAdmin(ctx, 'delete products');
    await this.deps.transaction(async (tx) => {
      const row = await this.requireProduct(tx, name);
      const businesses = await this.repo.businessKeysOfProduct(tx, row.id, IN_THE_WAY);
      if (businesses.length) {
        throw new ConflictError('node_not_empty', `Product "${name}" is still named by businesses; give them another product first.`, {
          businesses,
        });
      }
      await this.repo.deleteProduct(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'product',
        entityId: row.id,
        entityKey: name,
        before: toProduct(row),
        after: null,
      });
    });
  }
}
