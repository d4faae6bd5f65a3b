import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

/** What happened, in the core's own vocabulary (each face renders it in its vendor's words). */
export const EVENT_TYPES = [
  'checkout_session.completed',
  'checkout_session.expired',
  'checkout_session.payment_failed',
  'checkout_link.created',
  'checkout_link.updated',
  'checkout_link.deleted',
  'product.created',
  'product.updated',
  'price.created',
  'price.updated',
  'plan.archived',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Kept this long, then purged (src/events/retention.ts). */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * One change, written in the transaction that made it (the transactional outbox): a snapshot of
 * the object after the change (`data`, camelCase entity fields) and, for updates, the previous
 * values of what changed. `dispatchedAt` is set once the delivery worker has made one delivery
 * row per subscribed webhook endpoint, or on insert when the tenant has no enabled endpoint (a
 * trigger: Migration20261207070000_event_unsubscribed_at_insert).
 */
export const EventSchema = defineEntity({
  name: 'Event',
  indexes: [{ properties: ['organisation', 'mode', 'createdAt'] }],
  properties: {
    ...tenantProps(),
    type: p.string().length(64),
    objectId: p.uuid().nullable(),
    data: p.json<Record<string, unknown>>(),
    previous: p.json<Record<string, unknown>>().nullable(),
    dispatchedAt: p.datetime().columnType('timestamptz').nullable().index(),
  },
});
export class Event extends EventSchema.class {}
EventSchema.setClass(Event);
