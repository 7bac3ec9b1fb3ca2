import { z } from 'zod';
import { attributes, capacity, externalId } from '../resources/resources.schemas.ts';
import { labels } from '../tree/tree.schemas.ts';
import { BATCH_OPS } from './batches.types.ts';

const keys = z.array(z.string().min(1).max(64)).max(64);

export const batchFilter = z
  .object({
    type: z.string().min(1).max(32).optional().describe('resource type'),
    env: z.string().min(1).max(16).optional().describe('only resources attached under the scope in this environment'),
    labels: z.record(z.string().max(63), z.string().max(256)).optional().describe('every label must match'),
    tenant: z.string().min(1).max(100).optional().describe("the owning tenant's name (a tenant matches only its own)"),
  })
  .strict()
  .describe('which resources attached under the scope the batch acts on (not for create)');

const createItem = z
  .object({
    type: z.string().min(1).max(32),
    externalId,
    name: z.string().min(1).max(255).optional(),
    capacity: capacity.optional(),
    labels: labels.optional(),
    attributes: attributes.optional(),
    appid: z.string().max(200).optional().describe('the app to attach to, under the scope (default: the scope, when it is an appid)'),
    env: z.string().min(1).max(16),
    weight: z.number().int().min(1).max(1_000_000).optional().describe('share of cost when shared (default 1)'),
  })
  .strict();

const common = {
  scope: z.string().min(1).max(200).describe('domain, domain.business or appid'),
  filter: batchFilter.optional(),
  dryRun: z.boolean().default(false).describe('list the changes without making them'),
};

export const batchBody = z
  .discriminatedUnion('action', [
    z
      .object({
        ...common,
        action: z.literal('create'),
        params: z.object({ items: z.array(createItem).min(1).max(10_000) }).strict(),
      })
      .strict(),
    z.object({ ...common, action: z.literal('delete'), params: z.object({}).strict().optional() }).strict(),
    z
      .object({
        ...common,
        action: z.literal('configure'),
        params: z
          .object({
            setLabels: labels.optional(),
            removeLabels: keys.optional(),
            setAttributes: attributes.optional(),
            removeAttributes: keys.optional(),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        ...common,
        action: z.literal('migrate'),
        params: z
          .object({
            toAppid: z.string().min(1).max(200),
            toEnv: z.string().min(1).max(16).optional().describe('default: each attachment keeps its environment'),
          })
          .strict(),
      })
      .strict(),
  ])
  .describe('create | delete | configure | migrate the resources under a tree node');

const resourceState = z
  .object({
    name: z.string(),
    capacity: z.record(z.string(), z.number()),
    attributes: z.record(z.string(), z.unknown()),
    labels: z.record(z.string(), z.string()),
  })
  .meta({ id: 'BatchResourceState' });
const attachmentState = z.object({ appid: z.string(), env: z.string(), weight: z.number() }).meta({ id: 'BatchAttachmentState' });
const side = z.union([resourceState, attachmentState]).nullable();

export const batchChange = z
  .object({
    resource: z.string().describe('`{type}/{externalId}`'),
    op: z.enum(BATCH_OPS),
    before: side.describe('null for create (of a new resource) and attach'),
    after: side.describe('null for delete and detach'),
  })
  .meta({ id: 'BatchChange' });

export const batchSummary = z
  .object({
    matched: z.number().describe('resources selected (create: items)'),
    resources: z.number().describe('resources changed'),
    create: z.number(),
    delete: z.number(),
    configure: z.number(),
    detach: z.number(),
    attach: z.number(),
    migrate: z.number(),
  })
  .meta({ id: 'BatchSummary' });

const action = z.enum(['create', 'delete', 'configure', 'migrate', 'revert']);

export const batchResultOut = z
  .object({
    id: z.string().nullable().describe('the batch id; null for a dry run'),
    dryRun: z.boolean(),
    action,
    scope: z.string(),
    changes: z.array(batchChange),
    summary: batchSummary,
  })
  .meta({ id: 'BatchResult' });

const batchHeader = {
  id: z.string(),
  action,
  scope: z.string(),
  filter: batchFilter,
  params: z.record(z.string(), z.unknown()),
  actor: z.string(),
  tenant: z.string().nullable().describe('the tenant that ran it; null for an admin'),
  status: z.enum(['applied', 'reverted']),
  createdAt: z.string(),
  revertedAt: z.string().nullable(),
  revertedBy: z.string().nullable(),
  revertedIn: z.string().nullable().describe('the id of the revert batch that undid it'),
  reverts: z.string().nullable().describe('for a revert: the batch it undid'),
  summary: batchSummary,
};

export const batchHeaderOut = z.object(batchHeader).meta({ id: 'BatchHeader' });
export const batchOut = z.object({ ...batchHeader, changes: z.array(batchChange) }).meta({ id: 'Batch' });

export const batchParams = z.object({ id: z.string().min(1).max(64) });

// A POST without a body reaches validation as null (not undefined), so `.default()` alone would refuse it.
export const revertBody = z
  .object({ dryRun: z.boolean().default(false).describe('list what the revert would change without changing it') })
  .strict()
  .nullable()
  .optional()
  .describe('optional');
