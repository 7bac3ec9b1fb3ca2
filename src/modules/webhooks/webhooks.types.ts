/** A subscription as the API shows it. The secret is shown only when created. */
export interface WebhookSubscription {
  id: string;
  url: string;
  /** event type patterns: `statement.closed`, `resource.*`, `*` */
  events: string[];
  description: string;
  active: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

/** One event's delivery to one subscription, with the outcome of its latest attempt. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastAttemptAt: string | null;
  /** HTTP status of the latest attempt; null if it got no answer */
  lastStatus: number | null;
  /** why the latest attempt failed (non-2xx, timeout, connection refused…); null after success */
  lastError: string | null;
  /** when it is (re)tried next; null once delivered or failed */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The JSON body POSTed to the subscriber. */
export interface WebhookEventBody {
  /** the event id (ULID): the same on every retry and redelivery, so receivers can dedupe */
  id: string;
  type: string;
  createdAt: string;
  data: unknown;
}
