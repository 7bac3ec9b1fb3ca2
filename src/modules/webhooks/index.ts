export { EVENT_PATTERN, matchesAny, patternMatches } from './event-patterns.ts';
export { fetchClient, type PostOutcome, type WebhookHttpClient } from './http-client.ts';
export { signBody, verifySignature } from './signature.ts';
export { backoffDelay, type TickResult, WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';
export { WebhooksRepository } from './webhooks.repository.ts';
export { webhookRoutes } from './webhooks.routes.ts';
export { WebhooksService } from './webhooks.service.ts';
export type { DeliveryStatus, WebhookDelivery, WebhookEventBody, WebhookSubscription } from './webhooks.types.ts';
