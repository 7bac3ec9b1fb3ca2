/** Shapes the batches module hands out and stores. */

export const BATCH_ACTIONS = ['create', 'delete', 'configure', 'migrate'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

export const BATCH_OPS = ['create', 'delete', 'configure', 'detach', 'attach', 'migrate'] as const;
export type BatchOp = (typeof BATCH_OPS)[number];

/** A resource's own fields as a change shows them. */
export interface ResourceState {
  name: string;
  capacity: Record<string, number>;
  attributes: Record<string, unknown>;
  labels: Record<string, string>;
}

/** One attachment as a change shows it. */
export interface AttachmentState {
  appid: string;
  env: string;
  weight: number;
}

/**
 * One change a batch makes (or, in a dry run, would make). `create`/`delete`/`configure` carry
 * resource states (null where the resource did not exist or no longer does); `attach`/`detach`/
 * `migrate` carry attachment states.
 */
export interface BatchChange {
  /** `{type}/{externalId}` */
  resource: string;
  op: BatchOp;
  before: ResourceState | AttachmentState | null;
  after: ResourceState | AttachmentState | null;
}

export interface BatchSummary {
  /** resources the batch selected (create: items; revert: resources of the reverted batch) */
  matched: number;
  /** resources it changed */
  resources: number;
  create: number;
  delete: number;
  configure: number;
  detach: number;
  attach: number;
  migrate: number;
}

export interface BatchFilter {
  type?: string;
  env?: string;
  labels?: Record<string, string>;
  /** a tenant name */
  tenant?: string;
}

export interface CreateItem {
  type: string;
  externalId: string;
  name?: string;
  capacity?: Record<string, number>;
  labels?: Record<string, string>;
  attributes?: Record<string, unknown>;
  /** defaults to the scope when the scope is an appid */
  appid?: string;
  env: string;
  weight?: number;
}

export interface ConfigureParams {
  setLabels?: Record<string, string>;
  removeLabels?: string[];
  setAttributes?: Record<string, unknown>;
  removeAttributes?: string[];
}

export interface MigrateParams {
  toAppid: string;
  toEnv?: string;
}

/** A batch request as the service takes it (the route's zod schema produces exactly this). */
export type BatchRequest = { scope: string; filter?: BatchFilter; dryRun?: boolean } & (
  | { action: 'create'; params: { items: CreateItem[] } }
  | { action: 'delete'; params?: Record<string, never> }
  | { action: 'configure'; params: ConfigureParams }
  | { action: 'migrate'; params: MigrateParams }
);

/** What POST /batches (and POST /batches/{id}/revert) answer. */
export interface BatchResult {
  /** the batch id; null for a dry run */
  id: string | null;
  dryRun: boolean;
  action: BatchAction | 'revert';
  scope: string;
  changes: BatchChange[];
  summary: BatchSummary;
}

/** A stored batch. */
export interface Batch {
  id: string;
  action: BatchAction | 'revert';
  scope: string;
  filter: BatchFilter;
  params: Record<string, unknown>;
  /** `user:alice`, `tenant:dba`, `system` */
  actor: string;
  /** the tenant that ran it; null for an admin */
  tenant: string | null;
  status: 'applied' | 'reverted';
  createdAt: string;
  revertedAt: string | null;
  revertedBy: string | null;
  /** the revert batch that undid this one */
  revertedIn: string | null;
  /** for a revert: the batch it undid */
  reverts: string | null;
  summary: BatchSummary;
  changes: BatchChange[];
}

/**
 * What a revert restores for one resource the batch touched: its state before the batch (null: the
 * batch registered it) and the version the batch left it at. A revert refuses when the version moved.
 */
export interface UndoEntry {
  id: string;
  key: string;
  version: number;
  before: null | {
    name: string;
    capacity: Record<string, number>;
    attributes: Record<string, unknown>;
    labels: Record<string, string>;
    status: 'active' | 'deleted';
    deletedAt: string | null;
    /** the open attachments, oldest first */
    attachments: Array<{ appId: string; env: string; weight: number }>;
  };
}
