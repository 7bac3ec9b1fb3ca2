/** The shapes the tree module hands out. */

export const ROLES = ['owner', 'developer', 'sre', 'qa'] as const;
export type Role = (typeof ROLES)[number];
/** role → subjects (user names or `team:<name>`) */
export type People = Partial<Record<Role, string[]>>;

export const APP_TYPES = ['web', 'service', 'job', 'data', 'other'] as const;
export const APP_LEVELS = ['L0', 'L1', 'L2', 'L3'] as const;
export const ASSURANCES = ['7x24', '5x8'] as const;
export const LIFECYCLES = ['planning', 'developing', 'online', 'retired'] as const;

export interface PortSpec {
  name?: string;
  port: number;
  protocol: 'tcp' | 'udp' | 'http' | 'https' | 'grpc';
}

export interface HealthCheck {
  protocol: 'http' | 'https' | 'tcp' | 'grpc';
  path?: string;
  port?: number;
}

export interface RuntimeInfo {
  ports: PortSpec[];
  healthCheck?: HealthCheck;
}

export type ScopeType = 'domain' | 'business' | 'app';

export interface Domain {
  id: string;
  name: string;
  title: string;
  description: string;
  people: People;
  businessCount: number;
  appCount: number;
  aliases: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Business {
  id: string;
  key: string;
  domain: string;
  name: string;
  title: string;
  description: string;
  product: string;
  people: People;
  appCount: number;
  aliases: string[];
  createdAt: string;
  updatedAt: string;
}

export interface App {
  id: string;
  appid: string;
  domain: string;
  business: string;
  name: string;
  title: string;
  description: string;
  type: string;
  level: string;
  assurance: string;
  lifecycle: string;
  product: string;
  org: string;
  labels: Record<string, string>;
  runtime: Record<string, RuntimeInfo>;
  people: People;
  aliases: string[];
  createdAt: string;
  updatedAt: string;
}

/** Ids of a node and its ancestors, for role checks. */
export interface ScopePath {
  domainId: string;
  businessId?: string;
  appId?: string;
}
