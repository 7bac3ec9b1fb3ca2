import type { ServiceDeps } from '../deps.ts';

/**
 * What other modules need to do, inside the tree change's own transaction, when apps or businesses
 * move or an app is deleted (resources copy their app's tree position; an app holding resources
 * cannot be deleted). The tree module calls these and knows nothing else about resources.
 */
export interface TreeHooks {
  appMoved(tx: ServiceDeps['db'], appId: string, businessId: string, domainId: string): Promise<void>;
  businessMoved(tx: ServiceDeps['db'], businessId: string, domainId: string): Promise<void>;
  /** may throw (e.g. ConflictError) to refuse the delete */
  beforeAppDelete(tx: ServiceDeps['db'], appId: string, appid: string): Promise<void>;
}

export const noTreeHooks: TreeHooks = {
  appMoved: async () => {},
  businessMoved: async () => {},
  beforeAppDelete: async () => {},
};
