import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { decodeCursor, type Page, toPage } from '../../shared/pagination.ts';
import type { RequestContext } from '../auth/principal.ts';
import type { ServiceDeps } from '../deps.ts';
import type { EnvironmentsService } from '../environments/environments.service.ts';
import type { AppRow, AppsRepository } from './apps.repository.ts';
import type { BindingsRepository } from './bindings.repository.ts';
import { assertSegment, formatAppId, requireAppId } from './naming.ts';
import type { NodesService } from './nodes.service.ts';
import { listApps } from './queries/list-apps.ts';
import { type BusinessLineTree, readBusinessLineTree } from './queries/read-tree.ts';
import type { App, People, RuntimeInfo } from './tree.types.ts';
import { assertPeopleExist, type TreeAccess } from './tree-access.ts';
import type { TreeCache } from './tree-cache.ts';
import { noTreeHooks, type TreeHooks } from './tree-hooks.ts';

export interface AppAttributes {
  title?: string;
  description?: string;
  type?: string;
  level?: string;
  assurance?: string;
  lifecycle?: string;
  /** replaces all labels */
  labels?: Record<string, string>;
  /** replaces the runtime of every environment */
  runtime?: Record<string, RuntimeInfo>;
  /** replaces the subjects of each role given; roles not given stay */
  people?: People;
}

export interface CreateAppInput extends AppAttributes {
  /** `domain.business` */
  business: string;
  name: string;
}

export interface AppListFilter {
  domain?: string;
  business?: string;
  q?: string;
  labels?: Array<[string, string]>;
  person?: string;
  limit: number;
  cursor?: string;
}

/** An app and, when reached through an old appid, the appid asked for. */
export type ResolvedApp = App & { requestedAs: string | null };

/**
 * Apps: the leaves of the business-line tree, found by appid everywhere. Moves and renames change
 * the appid and keep the old one resolving. Reads of one app and of the tree are cached (TreeCache).
 */
export class AppsService {
  constructor(
    private readonly deps: ServiceDeps,
    readonly repo: AppsRepository,
    private readonly bindings: BindingsRepository,
    private readonly nodes: NodesService,
    private readonly access: TreeAccess,
    private readonly environments: EnvironmentsService,
    private readonly cache: TreeCache,
    private readonly hooks: TreeHooks = noTreeHooks,
  ) {}

  /** Finds an app by appid or old appid. @throws ValidationError `invalid_appid`; NotFoundError `app_not_found` */
  async resolve(db: ServiceDeps['db'], appid: string, field = 'appid'): Promise<AppRow & { requestedAs: string | null }> {
    requireAppId(field, appid);
    const direct = await this.repo.findByAppId(db, appid);
    if (direct) return { ...direct, requestedAs: null };
    const target = await this.bindings.findAlias(db, 'app', appid);
    const aliased = target ? await this.repo.findById(db, target) : undefined;
    if (aliased) return { ...aliased, requestedAs: appid };
    throw new NotFoundError('app_not_found', `There is no app "${appid}".`, { appid });
  }

  /**
   * Resolves many appids (or old appids) at once, for bulk operations: appid asked → the app's ids
   * and canonical appid. Appids that resolve to nothing are absent from the map.
   */
  async resolveMany(
    db: ServiceDeps['db'],
    appids: string[],
  ): Promise<Map<string, { id: string; appid: string; businessId: string; domainId: string }>> {
    const out = new Map<string, { id: string; appid: string; businessId: string; domainId: string }>();
    const unique = [...new Set(appids)];
    for (let i = 0; i < unique.length; i += 1000) {
      const chunk = unique.slice(i, i + 1000);
      const direct = await db
        .selectFrom('apps')
        .innerJoin('businesses', 'businesses.id', 'apps.business_id')
        .select(['apps.id', 'apps.appid', 'apps.business_id', 'businesses.domain_id'])
        .where('apps.appid', 'in', chunk)
        .execute();
      for (const r of direct) out.set(r.appid, { id: r.id, appid: r.appid, businessId: r.business_id, domainId: r.domain_id });
      const missing = chunk.filter((a) => !out.has(a));
      if (missing.length === 0) continue;
      const aliased = await db
        .selectFrom('aliases')
        .innerJoin('apps', 'apps.id', 'aliases.target_id')
        .innerJoin('businesses', 'businesses.id', 'apps.business_id')
        .select(['aliases.name', 'apps.id', 'apps.appid', 'apps.business_id', 'businesses.domain_id'])
        .where('aliases.kind', '=', 'app')
        .where('aliases.name', 'in', missing)
        .execute();
      for (const r of aliased) out.set(r.name, { id: r.id, appid: r.appid, businessId: r.business_id, domainId: r.domain_id });
    }
    return out;
  }

  /** Canonical appids of these app ids. */
  async appidsOf(db: ServiceDeps['db'], ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await db
        .selectFrom('apps')
        .select(['id', 'appid'])
        .where('id', 'in', unique.slice(i, i + 1000))
        .execute();
      for (const r of rows) out.set(r.id, r.appid);
    }
    return out;
  }

  private async views(db: ServiceDeps['db'], rows: AppRow[]): Promise<App[]> {
    const ids = rows.map((r) => r.id);
    const people = await this.bindings.peopleOf(db, 'app', ids);
    const aliases = await this.bindings.aliasesOf(db, 'app', ids);
    return rows.map((r) => ({
      id: r.id,
      appid: r.appid,
      domain: r.domain_name,
      business: `${r.domain_name}.${r.business_name}`,
      name: r.name,
      title: r.title,
      description: r.description,
      type: r.type,
      level: r.level,
      assurance: r.assurance,
      lifecycle: r.lifecycle,
      product: r.product_name,
      org: r.org_name,
      labels: r.labels,
      runtime: r.runtime,
      people: people.get(r.id) ?? {},
      aliases: aliases.get(r.id) ?? [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  private async view(db: ServiceDeps['db'], id: string): Promise<App> {
    const row = await this.repo.findById(db, id);
    const [app] = row ? await this.views(db, [row]) : [];
    if (!app) throw new Error(`unreachable: app ${id} vanished inside its transaction`);
    return app;
  }

  /** One app by appid or old appid, read from the database (the HTTP read goes through `getJson`). */
  async get(appid: string): Promise<ResolvedApp> {
    const row = await this.resolve(this.deps.db, appid);
    return { ...((await this.views(this.deps.db, [row]))[0] as App), requestedAs: row.requestedAs };
  }

  /**
   * One app by appid or old appid, as the JSON text of the API answer (internal ids left out),
   * served from the cache when warm: the hottest read of the platform skips the database, the
   * response schema's encoder and JSON.stringify (bench/README.md).
   */
  async getJson(appid: string): Promise<string> {
    const cached = this.cache.getApp(appid);
    if (cached) return cached;
    const generation = this.cache.currentGeneration();
    const row = await this.resolve(this.deps.db, appid);
    const { id: _internal, ...app } = (await this.views(this.deps.db, [row]))[0] as App;
    const json = JSON.stringify({ ...app, requestedAs: row.requestedAs });
    this.cache.putApp(appid, json, generation);
    return json;
  }

  /** A page of apps ordered by appid (keyset pagination, stable under inserts). */
  async list(f: AppListFilter): Promise<Page<App>> {
    const db = this.deps.db;
    const domain = f.domain ? await this.nodes.resolveDomain(db, f.domain) : undefined;
    const business = f.business ? await this.nodes.resolveBusiness(db, f.business, 'business') : undefined;
    let subjects: string[] | undefined;
    if (f.person) {
      const teams = await db
        .selectFrom('team_members')
        .innerJoin('teams', 'teams.id', 'team_members.team_id')
        .innerJoin('users', 'users.id', 'team_members.user_id')
        .select('teams.name')
        .where('users.name', '=', f.person)
        .execute();
      subjects = [f.person, ...teams.map((t) => `team:${t.name}`)];
    }
    const rows = await listApps(db, {
      domainId: domain?.id,
      businessId: business?.id,
      q: f.q,
      labels: f.labels,
      subjects,
      afterAppId: decodeCursor(f.cursor),
      limit: f.limit,
    });
    const page = toPage(rows, f.limit, (r) => r.appid);
    return { items: await this.views(db, page.items), nextCursor: page.nextCursor };
  }

  /** The tree as an object (tests, CLI); parses the cached text. */
  async tree(withApps: boolean): Promise<BusinessLineTree> {
    return JSON.parse(await this.treeJson(withApps)) as BusinessLineTree;
  }

  /**
   * The whole business-line tree as JSON text, cached until the next tree change. The text is what
   * is cached, not the object: at 100k apps, encoding the 6.5 MB answer took longer than the cached
   * read itself (bench/README.md).
   */
  async treeJson(withApps: boolean): Promise<string> {
    const variant = withApps ? 'apps' : 'counts';
    const cached = this.cache.getTree<string>(variant);
    if (cached) return cached;
    const generation = this.cache.currentGeneration();
    const json = JSON.stringify(await readBusinessLineTree(this.deps.db, withApps));
    this.cache.putTree(variant, json, generation);
    return json;
  }

  /**
   * Creates an app in a business; needs edit rights on the business.
   * @throws ConflictError `app_exists`; ValidationError `invalid_name`, `unknown_environment`, `unknown_subject`;
   * NotFoundError `business_not_found`
   */
  async create(ctx: RequestContext, input: CreateAppInput): Promise<App> {
    assertSegment('name', input.name);
    if (input.runtime) await this.environments.assertKnown('runtime', Object.keys(input.runtime));
    return this.deps.transaction(async (tx) => {
      const business = await this.nodes.resolveBusiness(tx, input.business, 'business');
      await this.access.assert(
        tx,
        ctx,
        { domainId: business.domain_id, businessId: business.id },
        'edit',
        `business ${business.domain_name}.${business.name}`,
      );
      const appid = formatAppId({ domain: business.domain_name, business: business.name, app: input.name });
      if (await this.repo.findByAppId(tx, appid)) throw new ConflictError('app_exists', `App "${appid}" already exists.`, { appid });
      await assertPeopleExist(tx, input.people);
      const now = this.deps.clock.now().toISOString();
      const id = this.deps.ids.next();
      await this.repo.insert(tx, {
        id,
        business_id: business.id,
        name: input.name,
        appid,
        title: input.title ?? input.name,
        description: input.description ?? '',
        type: input.type ?? 'service',
        level: input.level ?? 'L2',
        assurance: input.assurance ?? '5x8',
        lifecycle: input.lifecycle ?? 'developing',
        labels: input.labels ?? {},
        runtime: input.runtime ?? {},
        created_at: now,
        updated_at: now,
      });
      if (input.people) await this.bindings.setPeople(tx, 'app', id, input.people, now);
      await this.bindings.dropAlias(tx, 'app', appid);
      const after = await this.view(tx, id);
      await this.deps.changes.record(tx, ctx, {
        action: 'created',
        entityType: 'app',
        entityId: id,
        entityKey: appid,
        before: null,
        after,
      });
      return after;
    });
  }

  /** Changes attributes (edit rights) and people (manage rights). */
  async update(ctx: RequestContext, appid: string, patch: AppAttributes): Promise<App> {
    if (patch.runtime) await this.environments.assertKnown('runtime', Object.keys(patch.runtime));
    return this.deps.transaction(async (tx) => {
      const row = await this.resolve(tx, appid);
      const path = { domainId: row.domain_id, businessId: row.business_id, appId: row.id };
      await this.access.assert(tx, ctx, path, patch.people ? 'manage' : 'edit', `app ${row.appid}`);
      await assertPeopleExist(tx, patch.people);
      const before = await this.view(tx, row.id);
      const now = this.deps.clock.now().toISOString();
      const { people, ...attrs } = patch;
      await this.repo.update(tx, row.id, { ...attrs, updated_at: now });
      if (people) await this.bindings.setPeople(tx, 'app', row.id, people, now);
      const after = await this.view(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'updated',
        entityType: 'app',
        entityId: row.id,
        entityKey: row.appid,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Moves an app to another business and/or renames it: its appid changes, the old one keeps resolving.
   * Needs manage rights on the app and edit rights on the target business.
   * @throws ConflictError `app_exists`; ValidationError `nothing_to_move`
   */
  async move(ctx: RequestContext, appid: string, to: { business?: string; name?: string }): Promise<App> {
    if (to.business === undefined && to.name === undefined) {
      throw new ValidationError('nothing_to_move', 'Give a target "business", a new "name", or both.', { field: 'business' });
    }
    if (to.name !== undefined) assertSegment('name', to.name);
    return this.deps.transaction(async (tx) => {
      const row = await this.resolve(tx, appid);
      await this.access.assert(
        tx,
        ctx,
        { domainId: row.domain_id, businessId: row.business_id, appId: row.id },
        'manage',
        `app ${row.appid}`,
      );
      const target = to.business ? await this.nodes.resolveBusiness(tx, to.business, 'business') : undefined;
      if (target && target.id !== row.business_id) {
        await this.access.assert(
          tx,
          ctx,
          { domainId: target.domain_id, businessId: target.id },
          'edit',
          `business ${target.domain_name}.${target.name}`,
        );
      }
      const newAppId = formatAppId({
        domain: target?.domain_name ?? row.domain_name,
        business: target?.name ?? row.business_name,
        app: to.name ?? row.name,
      });
      if (newAppId === row.appid) return this.view(tx, row.id);
      if (await this.repo.findByAppId(tx, newAppId))
        throw new ConflictError('app_exists', `App "${newAppId}" already exists.`, { appid: newAppId });
      const before = await this.view(tx, row.id);
      const now = this.deps.clock.now().toISOString();
      await this.repo.update(tx, row.id, {
        business_id: target?.id ?? row.business_id,
        name: to.name ?? row.name,
        appid: newAppId,
        updated_at: now,
      });
      await this.bindings.putAlias(tx, 'app', row.appid, row.id, now);
      await this.bindings.dropAlias(tx, 'app', newAppId);
      if (target && target.id !== row.business_id) await this.hooks.appMoved(tx, row.id, target.id, target.domain_id);
      const after = await this.view(tx, row.id);
      await this.deps.changes.record(tx, ctx, { action: 'moved', entityType: 'app', entityId: row.id, entityKey: newAppId, before, after });
      return after;
    });
  }

  /** Deletes an app with its people, labels and aliases; needs manage rights. */
  async delete(ctx: RequestContext, appid: string): Promise<void> {
    await this.deps.transaction(async (tx) => {
      const row = await this.resolve(tx, appid);
      await this.access.assert(
        tx,
        ctx,
        { domainId: row.domain_id, businessId: row.business_id, appId: row.id },
        'manage',
        `app ${row.appid}`,
      );
      await this.hooks.beforeAppDelete(tx, row.id, row.appid);
      const before = await this.view(tx, row.id);
      await this.bindings.deletePeople(tx, 'app', row.id);
      await this.bindings.dropAliasesOf(tx, 'app', row.id);
      await this.repo.delete(tx, row.id);
      await this.deps.changes.record(tx, ctx, {
        action: 'deleted',
        entityType: 'app',
        entityId: row.id,
        entityKey: row.appid,
        before,
        after: null,
      });
    });
  }
}
