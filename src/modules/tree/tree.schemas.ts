import { z } from 'zod';
import { APP_LEVELS, APP_TYPES, ASSURANCES, LIFECYCLES } from './tree.types.ts';

/** A user name, or `team:<team>`. */
export const subject = z
  .string()
  .regex(/^(team:)?[a-z][a-z0-9._-]{1,63}$/, 'a user name, or team:<team name>')
  .describe('a user name, or `team:<team name>`');

const subjects = z.array(subject).max(200);

/** People by role. On writes, each role given replaces that role's subjects; roles left out stay. */
export const people = z
  .object({ owner: subjects.optional(), developer: subjects.optional(), sre: subjects.optional(), qa: subjects.optional() })
  .strict()
  .describe('people by role: `{ "owner": ["alice", "team:trade-dev"], "sre": [...] }`');

const LABEL_KEY = /^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$/;
export const labels = z
  .record(z.string().regex(LABEL_KEY, 'label keys are lowercase a–z, 0–9, ".", "_", "/", "-", 1–63 characters'), z.string().max(256))
  .refine((l) => Object.keys(l).length <= 64, 'at most 64 labels')
  .describe('labels as key=value; a write replaces all labels');

const port = z
  .object({
    name: z.string().max(63).optional(),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['tcp', 'udp', 'http', 'https', 'grpc']),
  })
  .strict();

const healthCheck = z
  .object({
    protocol: z.enum(['http', 'https', 'tcp', 'grpc']),
    path: z.string().max(512).startsWith('/').optional(),
    port: z.number().int().min(1).max(65535).optional(),
  })
  .strict();

export const runtime = z
  .record(
    z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/, 'an environment name such as PROD'),
    z.object({ ports: z.array(port).max(32).default([]), healthCheck: healthCheck.optional() }).strict(),
  )
  .describe('runtime per environment: ports and health check; a write replaces all environments');

const title = z.string().min(1).max(200);
const description = z.string().max(4000);
const segment = z.string().min(1).max(100).describe('lowercase letters in words joined by "-", 2–63 characters');

export const appAttributes = {
  title: title.optional(),
  description: description.optional(),
  type: z.enum(APP_TYPES).optional(),
  level: z.enum(APP_LEVELS).optional().describe('tier: L0 most critical … L3'),
  assurance: z.enum(ASSURANCES).optional().describe('support coverage'),
  lifecycle: z.enum(LIFECYCLES).optional(),
  labels: labels.optional(),
  runtime: runtime.optional(),
  people: people.optional(),
};

export const createAppBody = z
  .object({
    /** the business, as `domain.business` */
    business: z.string().max(200).describe('the business, as `domain.business`'),
    name: segment,
    ...appAttributes,
  })
  .strict();

export const updateAppBody = z.object(appAttributes).strict();

export const moveAppBody = z
  .object({
    business: z.string().max(200).optional().describe('target business `domain.business`'),
    name: segment.optional().describe('new app name'),
  })
  .strict();

const peopleOut = z.object({
  owner: z.array(z.string()).optional(),
  developer: z.array(z.string()).optional(),
  sre: z.array(z.string()).optional(),
  qa: z.array(z.string()).optional(),
});

export const appOut = z
  .object({
    appid: z.string(),
    domain: z.string(),
    business: z.string().describe('`domain.business`'),
    name: z.string(),
    title: z.string(),
    description: z.string(),
    type: z.string(),
    level: z.string(),
    assurance: z.string(),
    lifecycle: z.string(),
    product: z.string(),
    org: z.string(),
    labels: z.record(z.string(), z.string()),
    runtime: z.record(z.string(), z.object({ ports: z.array(port), healthCheck: healthCheck.optional() })),
    people: peopleOut,
    aliases: z.array(z.string()).describe('old appids that still lead here'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'App' });

export const resolvedAppOut = appOut
  .extend({ requestedAs: z.string().nullable().describe('the old appid asked for, when reached through an alias') })
  .meta({ id: 'ResolvedApp' });

export const domainBody = z
  .object({ name: segment, title: title.optional(), description: description.optional(), people: people.optional() })
  .strict();
export const updateDomainBody = z
  .object({ title: title.optional(), description: description.optional(), people: people.optional() })
  .strict();
export const renameDomainBody = z.object({ name: segment }).strict();

export const domainOut = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    people: peopleOut,
    businessCount: z.number(),
    appCount: z.number(),
    aliases: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Domain' });

export const businessBody = z
  .object({
    domain: segment.describe('the domain this business belongs to'),
    name: segment,
    product: segment.describe('the finance product this business belongs to'),
    title: title.optional(),
    description: description.optional(),
    people: people.optional(),
  })
  .strict();
export const updateBusinessBody = z
  .object({ title: title.optional(), description: description.optional(), product: segment.optional(), people: people.optional() })
  .strict();
export const moveBusinessBody = z
  .object({ domain: segment.optional().describe('target domain'), name: segment.optional().describe('new business name') })
  .strict();

export const businessOut = z
  .object({
    key: z.string().describe('`domain.business`'),
    domain: z.string(),
    name: z.string(),
    title: z.string(),
    description: z.string(),
    product: z.string(),
    people: peopleOut,
    appCount: z.number(),
    aliases: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Business' });

export const treeOut = z
  .object({
    counts: z.object({ domains: z.number(), businesses: z.number(), apps: z.number() }),
    domains: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        businessCount: z.number(),
        appCount: z.number(),
        businesses: z.array(
          z.object({
            name: z.string(),
            title: z.string(),
            product: z.string(),
            appCount: z.number(),
            apps: z.array(z.object({ name: z.string(), title: z.string(), level: z.string() })).optional(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'BusinessLineTree' });

/** `label=k=v`, repeatable; parsed into pairs. */
export const labelFilter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    const pairs: Array<[string, string]> = [];
    for (const item of list) {
      const i = item.indexOf('=');
      if (i <= 0) {
        ctx.addIssue({ code: 'custom', message: `label filter "${item}" must look like key=value` });
        return z.NEVER;
      }
      pairs.push([item.slice(0, i), item.slice(i + 1)]);
    }
    return pairs;
  })
  .describe('`key=value`; repeat for AND');
