import { z } from 'zod';
import { errors, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { pageQuery } from '../../shared/pagination.ts';
import { batchBody, batchHeaderOut, batchOut, batchParams, batchResultOut, revertBody } from './batches.schemas.ts';
import type { BatchesService } from './batches.service.ts';

const RUNNER = "admin (any tenant's resources) or a tenant (only its own); users get 403";

/** 10,000 create items are a few MB of JSON. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

export function batchRoutes(app: ZodApp, batches: BatchesService): void {
  app.post(
    '/api/v1/batches',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      config: { access: 'authenticated', permission: `${RUNNER}; naming another tenant's type is refused (403, audited)` },
      schema: {
        tags: ['batches'],
        summary: 'Run a batch operation (批量管理) on the resources under a tree node; dryRun lists exactly what it would change',
        description:
          'Applying is atomic: any failing item refuses the whole batch (4xx naming the item) and nothing is written. ' +
          'Every audit row of the batch carries its id; one `batch.applied` event is emitted.',
        body: batchBody,
        response: { 200: batchResultOut, 201: batchResultOut, ...errors(400, 403, 404, 409, 413) },
      },
    },
    async (req, reply) => {
      const result = await batches.run(req.ctx, req.body);
      return reply.code(result.dryRun ? 200 : 201).send(result);
    },
  );

  app.get(
    '/api/v1/batches',
    {
      config: { access: 'authenticated', permission: `${RUNNER}; a tenant sees its own batches` },
      schema: {
        tags: ['batches'],
        summary: 'List batches, newest first (keyset pagination)',
        querystring: z.object({ ...pageQuery }).strict(),
        response: { 200: pageOf(batchHeaderOut), ...errors(400, 403) },
      },
    },
    async (req) => batches.list(req.ctx, req.query),
  );

  app.get(
    '/api/v1/batches/:id',
    {
      config: { access: 'authenticated', permission: `${RUNNER}; a tenant sees its own batches` },
      schema: {
        tags: ['batches'],
        summary: 'Get a batch with every change it made',
        params: batchParams,
        response: { 200: batchOut, ...errors(403, 404) },
      },
    },
    async (req) => batches.get(req.ctx, req.params.id),
  );

  app.post(
    '/api/v1/batches/:id/revert',
    {
      config: { access: 'authenticated', permission: `${RUNNER}; a tenant reverts its own batches` },
      schema: {
        tags: ['batches'],
        summary: 'Revert a batch, if nothing it touched has changed since (else 409 batch_stale naming what changed)',
        description:
          'Restores the exact prior state atomically, audited under the revert’s own batch id; a batch is reverted at most once.',
        params: batchParams,
        body: revertBody,
        response: { 200: batchResultOut, 201: batchResultOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const result = await batches.revert(req.ctx, req.params.id, { dryRun: req.body?.dryRun ?? false });
      return reply.code(result.dryRun ? 200 : 201).send(result);
    },
  );
}
