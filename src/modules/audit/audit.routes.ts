import { z } from 'zod';
import { errors, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { pageQuery } from '../../shared/pagination.ts';
import type { AuditService } from './audit.service.ts';

const auditOut = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string().describe('`user:<name>`, `tenant:<name>` or `system`'),
    action: z.string(),
    entityType: z.string(),
    entityKey: z.string().describe('the entity key at the time (appid, name…)'),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    batchId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export function auditRoutes(app: ZodApp, audit: AuditService): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'authenticated', permission: 'any authenticated user (tenants see only their own actions)' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: z
          .object({
            entity: z.string().max(300).optional().describe('`<type>` or `<type>:<key>`, e.g. `app:pay.checkout.api`; follows renames'),
            actor: z.string().max(100).optional().describe('e.g. `user:alice`'),
            since: z.string().max(40).optional().describe('ISO-8601 timestamp'),
            ...pageQuery,
          })
          .strict(),
        response: { 200: pageOf(auditOut), ...errors(400) },
      },
    },
    async (req) => audit.list(req.ctx, req.query),
  );
}
