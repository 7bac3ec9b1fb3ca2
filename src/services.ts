import type { DbHandle } from './db/connect.ts';
import { bulkAdder, bulkInserter, bulkNewInserter } from './db/dialect.ts';
import { ChangeRecorder } from './modules/audit/audit.repository.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { ChangeFeed } from './modules/audit/change-feed.ts';
import { TokensService } from './modules/auth/tokens.service.ts';
import { BatchesService } from './modules/batches/batches.service.ts';
import { BillsRepository, BillsService, CostsService, StatementsService } from './modules/billing/index.ts';
import { type ServiceDeps, transactor } from './modules/deps.ts';
import { EnvironmentsService } from './modules/environments/environments.service.ts';
import { FinanceService } from './modules/finance/finance.service.ts';
import { PeopleService } from './modules/people/people.service.ts';
import { AttachmentsRepository } from './modules/resources/attachments.repository.ts';
import { ResourceAccess } from './modules/resources/resource-access.ts';
import { ResourceSearchService } from './modules/resources/resource-search.service.ts';
import { ResourcesService } from './modules/resources/resources.service.ts';
import { TenantsService } from './modules/tenants/tenants.service.ts';
import { AppsRepository } from './modules/tree/apps.repository.ts';
import { AppsService } from './modules/tree/apps.service.ts';
import { BindingsRepository } from './modules/tree/bindings.repository.ts';
import { NodesService } from './modules/tree/nodes.service.ts';
import { TreeAccess } from './modules/tree/tree-access.ts';
import { TreeCache } from './modules/tree/tree-cache.ts';
import type { TreeHooks } from './modules/tree/tree-hooks.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions, WebhooksRepository, WebhooksService } from './modules/webhooks/index.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { ConflictError } from './shared/errors.ts';
import { type IdGenerator, ulidGenerator } from './shared/ids.ts';

export interface Services {
  deps: ServiceDeps;
  handle: DbHandle;
  tokens: TokensService;
  people: PeopleService;
  finance: FinanceService;
  environments: EnvironmentsService;
  nodes: NodesService;
  apps: AppsService;
  audit: AuditService;
  treeCache: TreeCache;
  tenants: TenantsService;
  resources: ResourcesService;
  resourceSearch: ResourceSearchService;
  batches: BatchesService;
  bills: BillsService;
  costs: CostsService;
  statements: StatementsService;
  /** started by `serve`: clears in-memory caches when another process changes the database */
  changeFeed: ChangeFeed;
  webhooks: WebhooksService;
  /** started by `serve`: delivers outbox events to webhook subscriptions */
  webhookDispatcher: WebhookDispatcher;
}

export interface ServiceOptions {
  clock?: Clock;
  ids?: IdGenerator;
  random?: (n: number) => Buffer;
  /** the webhook dispatcher's HTTP client, timeouts, backoff… (tests inject these) */
  webhooks?: WebhookDispatcherOptions;
}

/** The composition root: every service wired once from a database handle and injectable clock, ids, randomness. */
export function buildServices(handle: DbHandle, opts: ServiceOptions = {}): Services {
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? ulidGenerator(() => clock.now().getTime());
  const changes = new ChangeRecorder(clock, ids);
  const tx = transactor(handle.db, changes);
  const deps: ServiceDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    ids,
    changes,
    bulkInsert: bulkInserter(handle.dialect, handle.sqlite),
    bulkAdd: bulkAdder(handle.dialect, handle.sqlite),
    bulkInsertNew: bulkNewInserter(handle.dialect, handle.sqlite),
    transaction: tx.transaction,
  };
  const people = new PeopleService(deps);
  const tokens = new TokensService(deps, people.repo, opts.random);
  const finance = new FinanceService(deps);
  const environments = new EnvironmentsService(deps);
  const bindings = new BindingsRepository();
  const access = new TreeAccess(bindings);
  const treeCache = new TreeCache();
  const appsRepo = new AppsRepository();
  const attachments = new AttachmentsRepository(deps.bulkInsert);
  // Resources copy their app's tree position and keep apps that hold them from being deleted.
  const treeHooks: TreeHooks = {
    appMoved: (tx, appId, businessId, domainId) => attachments.followAppMove(tx, appId, businessId, domainId),
    businessMoved: (tx, businessId, domainId) => attachments.followBusinessMove(tx, businessId, domainId),
    beforeAppDelete: async (tx, appId, appid) => {
      const held = await attachments.countCurrentForApp(tx, appId);
      if (held > 0) {
        throw new ConflictError(
          'node_not_empty',
          `App "${appid}" still holds ${held} attached resource(s); detach or migrate them first.`,
          {
            resources: held,
          },
        );
      }
    },
  };
  const nodes = new NodesService(deps, bindings, appsRepo, access, finance, treeHooks);
  const apps = new AppsService(deps, appsRepo, bindings, nodes, access, environments, treeCache, treeHooks);
  const tenants = new TenantsService(deps, tokens);
  const resourceAccess = new ResourceAccess(deps.db, deps.changes);
  const resources = new ResourcesService(deps, tenants, apps, environments, resourceAccess);
  const resourceSearch = new ResourceSearchService(deps, resources, resourceAccess, tenants, nodes, apps);
  const batches = new BatchesService(deps, resources, resourceSearch, tenants, apps, environments, resourceAccess);
  const bills = new BillsService(
    deps,
    new BillsRepository(deps.dialect, deps.bulkInsert, deps.bulkAdd, deps.bulkInsertNew),
    tenants,
    resourceAccess,
  );
  const costs = new CostsService(deps, finance, resourceSearch);
  const statements = new StatementsService(deps);
  const audit = new AuditService(deps, async (type, key) => {
    const db = deps.db;
    const found = await (async () => {
      switch (type) {
        case 'app':
          return (await apps.resolve(db, key)).id;
        case 'business':
          return (await nodes.resolveBusiness(db, key)).id;
        case 'domain':
          return (await nodes.resolveDomain(db, key)).id;
        case 'user':
          return (await people.repo.findUser(db, key))?.id;
        case 'team':
          return (await people.repo.findTeam(db, key))?.id;
        case 'org':
          return (await finance.repo.findOrg(db, key))?.id;
        case 'product':
          return (await finance.repo.findProduct(db, key))?.id;
        case 'environment':
          return key;
        default:
          return key;
      }
    })().catch(() => undefined);
    return found;
  });
  // Caches drop what a committed change made stale, here at once and in other processes via the feed.
  const touches = (changed: ReadonlySet<string>, types: string[]) => types.some((t) => changed.has(t));
  tx.afterCommit((changed) => {
    if (touches(changed, ['app', 'business', 'domain', 'product', 'org', 'team', 'user', 'environment'])) treeCache.invalidateAll();
    if (touches(changed, ['token', 'user', 'team', 'tenant'])) tokens.invalidate();
    if (changed.has('environment')) environments.invalidate();
    if (touches(changed, ['resource_type', 'tenant'])) tenants.invalidate();
    if (touches(changed, ['bill', 'app', 'business', 'domain', 'product', 'org'])) costs.invalidate();
  });
  const webhooksRepo = new WebhooksRepository();
  const webhooks = new WebhooksService(deps, webhooksRepo, opts.random);
  const webhookDispatcher = new WebhookDispatcher(deps, webhooksRepo, opts.webhooks);
  const changeFeed = new ChangeFeed(deps, () => {
    treeCache.invalidateAll();
    tokens.invalidate();
    environments.invalidate();
    tenants.invalidate();
    costs.invalidate();
  });
  return {
    deps,
    handle,
    tokens,
    people,
    finance,
    environments,
    nodes,
    apps,
    audit,
    treeCache,
    tenants,
    resources,
    resourceSearch,
    batches,
    bills,
    costs,
    statements,
    changeFeed,
    webhooks,
    webhookDispatcher,
  };
}
