import { z } from 'zod';

export const webhookOut = z
  .object({
    id: z.string(),
    url: z.string().describe('where events are POSTed'),
    events: z.array(z.string()).describe('event type patterns: `statement.closed`, `resource.*`, `*`'),
    description: z.string(),
    active: z.boolean().describe('an inactive subscription gets no new deliveries and sends none it has queued'),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });

export const createdWebhookOut = webhookOut
  .extend({
    secret: z.string().describe('the HMAC-SHA256 signing key for `x-appmeta-signature`; shown only in this response, so store it now'),
  })
  .meta({ id: 'CreatedWebhook' });

const url = z.string().min(1).max(2000).describe('an absolute http:// or https:// URL');
const events = z
  .array(z.string().min(1).max(200))
  .min(1)
  .max(50)
  .describe('event types to receive: exact (`statement.closed`), a prefix wildcard (`resource.*`) or `*` for all');

export const createWebhookBody = z.object({ url, events, description: z.string().max(500).optional() }).strict();

export const updateWebhookBody = z
  .object({ url: url.optional(), events: events.optional(), description: z.string().max(500).optional(), active: z.boolean().optional() })
  .strict();

export const deliveryStatus = z.enum(['pending', 'delivering', 'delivered', 'failed']);

export const deliveryOut = z
  .object({
    id: z.string().describe('also sent as `x-appmeta-delivery`'),
    subscriptionId: z.string(),
    eventId: z.string().describe('the outbox event id, the `id` of the body'),
    eventType: z.string(),
    status: deliveryStatus.describe(
      '`pending` (queued or waiting for a retry), `delivering` (an attempt is out), `delivered` (2xx), `failed` (gave up; redeliver by hand)',
    ),
    attempts: z.number().int(),
    lastAttemptAt: z.string().nullable(),
    lastStatus: z.number().int().nullable().describe('HTTP status of the latest attempt; null if it got no answer'),
    lastError: z.string().nullable().describe('why the latest attempt failed: `HTTP 503`, `timed out after 10000 ms`, …'),
    nextAttemptAt: z.string().nullable().describe('when it is tried next; null once delivered or failed'),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const idParams = z.object({ id: z.string().min(1).max(64) });
export const deliveryParams = z.object({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) });
