/** Shapes the resources module hands out. */

export interface Attachment {
  appid: string;
  env: string;
  weight: number;
  attachedAt: string;
  detachedAt: string | null;
}

export interface Resource {
  id: string;
  /** `{type}/{externalId}`, unique platform-wide */
  key: string;
  type: string;
  externalId: string;
  tenant: string;
  name: string;
  capacity: Record<string, number>;
  attributes: Record<string, unknown>;
  labels: Record<string, string>;
  status: 'active' | 'deleted';
  version: number;
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface AttachTarget {
  appid: string;
  env: string;
  /** positive integer share of cost for shared resources (default 1) */
  weight?: number;
}

/** One item of a bulk upsert. Fields left out keep their stored value (or default on create). */
export interface ResourceInput {
  type: string;
  externalId: string;
  name?: string;
  capacity?: Record<string, number>;
  attributes?: Record<string, unknown>;
  labels?: Record<string, string>;
  /** when given, the resource's current attachments become exactly these */
  attach?: AttachTarget[];
}

export interface Rejection {
  /** index of the item in the request */
  index: number;
  key: string;
  code: string;
  message: string;
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** full sync only: resources of the type missing from the call, now deleted and detached */
  deleted: number;
  attached: number;
  detached: number;
  rejected: Rejection[];
  /** id shared by the audit row and the attachments of this call */
  importId: string;
}

export function resourceKey(type: string, externalId: string): string {
  return `${type}/${externalId}`;
}
