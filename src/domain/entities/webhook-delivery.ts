import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Event } from './event.ts';
import { WebhookEndpoint } from './webhook-endpoint.ts';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One try: when, the HTTP status (null when no answer), how long it took and what went wrong. */
export interface DeliveryAttempt {
  at: string;
  status: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * One message of one event to one endpoint, rendered once (type, message id and body stay the
 * same across retries, so receivers can deduplicate). Claimed by a worker with FOR UPDATE SKIP
 * LOCKED and leased until `lockedUntil`; a worker killed mid-attempt leaves the lease to expire.
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    ...tenantProps(),
    event: () => p.manyToOne(Event).mapToPk().deleteRule('cascade').index(),
    endpoint: () => p.manyToOne(WebhookEndpoint).mapToPk().deleteRule('cascade').index(),
    messageId: p.string().length(64),
    type: p.string().length(128),
    body: p.text(),
    status: p.enum(DELIVERY_STATUSES).default('pending'),
    attemptCount: p.integer().default(0),
    nextAttemptAt: p.datetime().columnType('timestamptz').nullable(),
    lockedUntil: p.datetime().columnType('timestamptz').nullable(),
    attempts: p.json<DeliveryAttempt[]>().onCreate(() => []),
    deliveredAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class WebhookDelivery extends WebhookDeliverySchema.class {}
WebhookDeliverySchema.setClass(WebhookDelivery);
