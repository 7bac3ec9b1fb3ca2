import { z } from 'zod';
import { errors, noContent, pageOf } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { pageQuery } from '../../shared/pagination.ts';
import {
  createdWebhookOut,
  createWebhookBody,
  deliveryOut,
  deliveryParams,
  deliveryStatus,
  idParams,
  updateWebhookBody,
  webhookOut,
} from './webhooks.schemas.ts';
import type { WebhooksService } from './webhooks.service.ts';

const DELIVERY_CONTRACT =
  'Each matching event is POSTed as `{ id, type, createdAt, data }` (`data`: the event payload) with headers ' +
  '`x-appmeta-event` (the type), `x-appmeta-delivery` (the delivery id) and `x-appmeta-signature: sha256=<hex>`, the ' +
  'HMAC-SHA256 of the exact body bytes keyed with the secret. A 2xx answer within 10 s delivers it; anything else is ' +
  'retried with exponential backoff (10 s doubling, at most 1 h apart) and marked `failed` after 20 attempts. Delivery ' +
  'is at least once (dedupe by `id`) and in order per subscription.';

export function webhookRoutes(app: ZodApp, webhooks: WebhooksService): void {
  app.post(
    '/api/v1/webhooks',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to events; the signing secret is in the response, once',
        description: `${DELIVERY_CONTRACT} Refused with 400 \`invalid_webhook_url\` (not http/https) or \`invalid_event_pattern\`.`,
        body: createWebhookBody,
        response: { 201: createdWebhookOut, ...errors(400, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await webhooks.create(req.ctx, req.body)),
  );

  app.get(
    '/api/v1/webhooks',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'List webhook subscriptions (without their secrets)',
        response: { 200: z.object({ items: z.array(webhookOut) }), ...errors(403) },
      },
    },
    async (req) => ({ items: await webhooks.list(req.ctx) }),
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Get a webhook subscription',
        params: idParams,
        response: { 200: webhookOut, ...errors(403, 404) },
      },
    },
    async (req) => webhooks.get(req.ctx, req.params.id),
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Change a subscription: url, events, description, or pause/resume it (`active`)',
        description:
          'A paused subscription gets no deliveries for events that happen meanwhile; deliveries it had queued wait and go out once it is resumed.',
        params: idParams,
        body: updateWebhookBody,
        response: { 200: webhookOut, ...errors(400, 403, 404) },
      },
    },
    async (req) => webhooks.update(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a subscription and its delivery log',
        params: idParams,
        response: { 204: noContent, ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await webhooks.delete(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: "A subscription's delivery log, newest first",
        params: idParams,
        querystring: z.object({ status: deliveryStatus.optional().describe('only deliveries in this state'), ...pageQuery }).strict(),
        response: { 200: pageOf(deliveryOut), ...errors(400, 403, 404) },
      },
    },
    async (req) => webhooks.deliveries(req.ctx, req.params.id, req.query),
  );

  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: { access: 'authenticated', permission: 'admin' },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again (also one that failed for good), with a fresh attempt budget',
        description:
          'The delivery is queued at once in its place in the event order (so it goes out before later events still queued), with the same event `id` and body. 409 `delivery_in_progress` while an attempt is out.',
        params: deliveryParams,
        response: { 200: deliveryOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => webhooks.redeliver(req.ctx, req.params.id, req.params.deliveryId),
  );
}
