// From events to deliveries: each event is rendered once per subscribed endpoint of its
// organisation and mode, in the endpoint's format, and stored as pending deliveries.
import type { EntityManager } from '@mikro-orm/core';
import { Event, WebhookDelivery, WebhookEndpoint } from '../domain/entities/index.ts';
import { subscribed, type EventView, type WebhookFormats } from './format.ts';

export function eventView(event: Event): EventView {
  return {
    id: event.id,
    type: event.type,
    organisationId: event.organisation,
    mode: event.mode,
    createdAt: event.createdAt,
    data: event.data,
    previous: event.previous ?? null,
  };
}

/** Creates (persists, not flushed) the deliveries of `event` to those of `endpoints` subscribed to it. */
export function createDeliveries(em: EntityManager, formats: WebhookFormats, event: Event, endpoints: WebhookEndpoint[], now = new Date()): WebhookDelivery[] {
  const view = eventView(event);
  const out: WebhookDelivery[] = [];
  for (const endpoint of endpoints) {
    if (endpoint.organisation !== event.organisation || endpoint.mode !== event.mode || !endpoint.enabled) continue;
    const format = formats.get(endpoint.format);
    if (!format) continue;
    for (const message of format.render(view, { id: endpoint.id, apiVersion: endpoint.apiVersion ?? null })) {
      if (!subscribed(endpoint.enabledEvents, message.type)) continue;
      out.push(em.create(WebhookDelivery, {
        organisation: event.organisation,
        mode: event.mode,
        event: event.id,
        endpoint: endpoint.id,
        messageId: message.id,
        type: message.type,
        body: message.body,
        status: 'pending',
        nextAttemptAt: now,
      }));
    }
  }
  return out;
}
