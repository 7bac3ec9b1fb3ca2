import type { DbHandle } from './db/connect.ts';
import { ChangeRecorder } from './modules/audit/audit.repository.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { ChangeFeed } from './modules/audit/change-feed.ts';
import { TokensService } from './modules/auth/tokens.service.ts';
import type { ServiceDeps } from './modules/deps.ts';
import { EnvironmentsService } from './modules/environments/environments.service.ts';
import { FinanceService } from './modules/finance/finance.service.ts';
import { PeopleService } from './modules/people/people.service.ts';
import { AppsRepository } from './modules/tree/apps.repository.ts';
import { AppsService } from './modules/tree/apps.service.ts';
import { BindingsRepository } from './modules/tree/bindings.repository.ts';
import { NodesService } from './modules/tree/nodes.service.ts';
import { TreeAccess } from './modules/tree/tree-access.ts';
import { TreeCache } from './modules/tree/tree-cache.ts';
import { type Clock, systemClock } from './shared/clock.ts';
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
  /** started by `serve`: clears in-memory caches when another process changes the database */
  changeFeed: ChangeFeed;
}

export interface ServiceOptions {
  clock?: Clock;
  ids?: IdGenerator;
  random?: (n: number) => Buffer;
}

/** The composition root: every service wired once from a database handle and injectable clock, ids, randomness. */
export function buildServices(handle: DbHandle, opts: ServiceOptions = {}): Services {
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? ulidGenerator(() => clock.now().getTime());
  const deps: ServiceDeps = { db: handle.db, dialect: handle.dialect, clock, ids, changes: new ChangeRecorder(clock, ids) };
  const people = new PeopleService(deps);
  const tokens = new TokensService(deps, people.repo, opts.random);
  const finance = new FinanceService(deps);
  const environments = new EnvironmentsService(deps);
  const bindings = new BindingsRepository();
  const access = new TreeAccess(bindings);
  const treeCache = new TreeCache();
  const appsRepo = new AppsRepository();
  const nodes = new NodesService(deps, bindings, appsRepo, access, finance, treeCache);
  const apps = new AppsService(deps, appsRepo, bindings, nodes, access, environments, treeCache);
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
  const changeFeed = new ChangeFeed(deps, () => {
    treeCache.invalidateAll();
    tokens.invalidate();
    environments.invalidate();
  });
  return { deps, handle, tokens, people, finance, environments, nodes, apps, audit, treeCache, changeFeed };
}
