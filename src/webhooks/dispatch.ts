// From events to deliveries: each event is rendered once per subscribed endpoint of its
// organisation and mode, in the endpoint's format, and stored as pending deliveries.
import type { EntityManager } from '@mikro-orm/core';
import { type Event, Organisation, WebhookDelivery, type WebhookEndpoint } from '../domain/entities/index.ts';
import { subscribed, type EventView, type WebhookFormats } from './format.ts';

export function eventView(event: Event, organisation: { name: string; slug: string }): EventView {
  return {
    id: event.id,
    type: event.type,
    organisationId: event.organisation,
    organisation,
    mode: event.mode,
    createdAt: event.createdAt,
    data: event.data,
    previous: event.previous ?? null,
  };
}

/** The organisations of `events` by id (name and slug). */
export async function organisationsOf(em: EntityManager, events: Event[]): Promise<Map<string, { name: string; slug: string }>> {
  const orgs = await em.find(Organisation, { id: { $in: [...new Set(events.map((e) => e.organisation))] } }, { filters: false });
  return new Map(orgs.map((o) => [o.id, { name: o.name, slug: o.slug }]));
}

/** Creates (persists, not flushed) the deliveries of `event` to those of `endpoints` subscribed to it. */
export function createDeliveries(
  em: EntityManager,
  formats: WebhookFormats,
  event: Event,
  endpoints: WebhookEndpoint[],
  organisation: { name: string; slug: string },
  now = new Date(),
): WebhookDelivery[] {
  const view = eventView(event, organisation);
  const out: WebhookDelivery[] = [];
  for (const endpoint of endpoints) {
    if (endpoint.organisation !== event.organisation || endpoint.mode !== event.mode || !endpoint.enabled) continue;
    const format = formats.get(endpoint.format);
    if (!format) continue;
    for (const message of format.render(view, { id: endpoint.id, apiVersion: endpoint.apiVersion ?? null })) {
      if (!subscribed(endpoint.enabledEvents, message.type)) continue;
      out.push(
        em.create(WebhookDelivery, {
          organisation: event.organisation,
          mode: event.mode,
          event: event.id,
          endpoint: endpoint.id,
          messageId: message.id,
          type: message.type,
          body: message.body,
          status: 'pending',
          nextAttemptAt: now,
        }),
      );
    }
  }
  return out;
}
