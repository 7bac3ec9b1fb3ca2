import { z } from 'zod';
import { labels } from '../tree/tree.schemas.ts';
import { INVENTORY_GROUPS } from './queries/inventory-stats.ts';

export const externalId = z.string().min(1).max(255).describe("the provider's own id (URL-encode `/` in paths)");
export const resourceParams = z.object({ type: z.string().min(1).max(32), externalId });

export const capacity = z
  .record(z.string().max(32), z.number().finite().nonnegative())
  .describe('capacity per dimension of the type, e.g. {"cpu": 4, "memory": 16}');
export const attributes = z
  .record(z.string().max(64), z.unknown())
  .refine((a) => JSON.stringify(a).length <= 16_384, 'attributes may take at most 16 kB as JSON')
  .describe('free-form provider attributes (≤ 16 kB)');

const weight = z.number().int().min(1).max(1_000_000).describe('share of cost when the resource is shared (default 1)');
const attachTarget = z.object({ appid: z.string().max(200), env: z.string().max(16), weight: weight.optional() }).strict();

export const upsertItem = z
  .object({
    type: z.string().min(1).max(32),
    externalId,
    name: z.string().min(1).max(255).optional(),
    capacity: capacity.optional(),
    attributes: attributes.optional(),
    labels: labels.optional(),
    attach: z.array(attachTarget).max(64).optional().describe('when given, the current attachments become exactly these'),
  })
  .strict();

export const upsertBody = z.object({ items: z.array(upsertItem).max(10_000) }).strict();
export const upsertQuery = z
  .object({
    mode: z.enum(['merge', 'full']).default('merge').describe('full: the call is the whole inventory of `type`; missing ones are deleted'),
    type: z.string().max(32).optional().describe('required with mode=full'),
  })
  .strict();

export const upsertOut = z
  .object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    deleted: z.number(),
    attached: z.number(),
    detached: z.number(),
    rejected: z.array(z.object({ index: z.number(), key: z.string(), code: z.string(), message: z.string() })),
    importId: z.string(),
  })
  .meta({ id: 'UpsertResult' });

export const attachmentOut = z
  .object({ appid: z.string(), env: z.string(), weight: z.number(), attachedAt: z.string(), detachedAt: z.string().nullable() })
  .meta({ id: 'Attachment' });

export const resourceOut = z
  .object({
    key: z.string().describe('`{type}/{externalId}`'),
    type: z.string(),
    externalId: z.string(),
    tenant: z.string(),
    name: z.string(),
    capacity: z.record(z.string(), z.number()),
    attributes: z.record(z.string(), z.unknown()),
    labels: z.record(z.string(), z.string()),
    status: z.enum(['active', 'deleted']),
    version: z.number(),
    attachments: z.array(attachmentOut).describe('current attachments'),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .meta({ id: 'Resource' });

const at = z.string().max(40).optional().describe('when it really happened (ISO-8601); not in the future, not before the previous change');
export const attachBody = z.object({ appid: z.string().max(200), env: z.string().max(16), weight: weight.optional(), at }).strict();
export const detachBody = z
  .preprocess((v) => v ?? {}, z.object({ appid: z.string().max(200).optional(), env: z.string().max(16).optional(), at }).strict())
  .describe('detach from one app+env, from one app, or (no body) from everything');

export const inventoryQuery = z
  .object({
    scope: z.string().max(200).optional().describe('domain, domain.business or appid'),
    groupBy: z
      .string()
      .max(200)
      .default('type')
      .transform((v, ctx) => {
        const parts = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = parts.find((p) => !(INVENTORY_GROUPS as readonly string[]).includes(p));
        if (bad) {
          ctx.addIssue({ code: 'custom', message: `cannot group by "${bad}"; use ${INVENTORY_GROUPS.join(', ')}` });
          return z.NEVER;
        }
        return parts as Array<(typeof INVENTORY_GROUPS)[number]>;
      })
      .describe(`comma-separated: ${INVENTORY_GROUPS.join(', ')}`),
  })
  .strict();

export const inventoryOut = z
  .object({
    scope: z.string().nullable(),
    groups: z.array(
      z.object({ group: z.record(z.string(), z.string()), resources: z.number(), capacity: z.record(z.string(), z.number()) }),
    ),
    unattached: z.array(z.object({ type: z.string(), resources: z.number() })).describe('only without a scope'),
  })
  .meta({ id: 'Inventory' });
