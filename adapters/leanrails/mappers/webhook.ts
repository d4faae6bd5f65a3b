// Webhook endpoints, events and checkout sessions: GraphQL results <-> LeanRails objects.
import type {
  CreateWebhookEndpointInput,
  LeanRailsEventFieldsFragment,
  LeanRailsSessionFieldsFragment,
  LeanRailsWebhookEndpointFieldsFragment,
  UpdateWebhookEndpointInput,
} from '../../../src/generated/operations.ts';
import type { EventView, SessionSnapshot } from '../../kernel/webhooks.ts';
import { ids } from '../ids.ts';
import type { WebhookEndpointCreateBody, WebhookEndpointUpdateBody } from '../schemas/webhooks.ts';

export type { WebhookEndpointCreateBody, WebhookEndpointUpdateBody };
import { metadataIn, metadataOut, metadataUpdate, unix } from './common.ts';
import { toLeanRailsEventFromView, toLeanRailsSession } from './event.ts';

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

export function toLeanRailsWebhookEndpoint(e: LeanRailsWebhookEndpointFieldsFragment, secret?: string | null) {
  return {
    id: ids.webhookEndpoint.encode(e.id),
    object: 'webhook_endpoint' as const,
    api_version: e.apiVersion ?? null,
    application: null,
    created: unix(iso(e.createdAt)),
    description: e.description ?? null,
    enabled_events: e.enabledEvents,
    livemode: e.livemode,
    metadata: metadataOut(e.metadata),
    status: e.enabled ? 'enabled' : 'disabled',
    url: e.url,
    ...(secret ? { secret } : {}),
  };
}

export function toCreateWebhookEndpointInput(body: WebhookEndpointCreateBody): CreateWebhookEndpointInput {
  return {
    url: body.url,
    format: 'LEANRAILS',
    enabledEvents: body.enabled_events,
    description: body.description ?? null,
    metadata: metadataIn(body.metadata),
    apiVersion: body.api_version ?? null,
  };
}

export function toUpdateWebhookEndpointInput(body: WebhookEndpointUpdateBody): UpdateWebhookEndpointInput {
  return {
    url: body.url,
    enabledEvents: body.enabled_events,
    description: body.description,
    ...metadataUpdate(body.metadata),
    enabled: body.disabled === undefined ? undefined : !body.disabled,
  };
}

/** A GraphQL checkout session as the snapshot the event mapper reads. */
export function sessionSnapshot(s: LeanRailsSessionFieldsFragment): SessionSnapshot {
  return {
    id: s.id,
    status: s.status.toLowerCase() as SessionSnapshot['status'],
    currency: s.currency,
    lines: s.lines.map((l) => ({
      lineItemId: l.lineItemId ?? null,
      productId: l.productId ?? null,
      priceId: l.priceId ?? null,
      name: l.name,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      amountSubtotal: l.amountSubtotal,
      recurringInterval: l.recurring ? l.recurring.interval.toLowerCase() : null,
      recurringIntervalCount: l.recurring?.intervalCount ?? null,
    })),
    amountSubtotal: s.amountSubtotal,
    amountTotal: s.amountTotal,
    customerId: s.customerId ?? null,
    customerEmail: s.customerEmail ?? null,
    companyName: s.companyName ?? null,
    couponCode: s.couponCode ?? null,
    metadata: s.metadata,
    completedAt: s.completedAt ? iso(s.completedAt) : null,
    expiresAt: s.expiresAt ? iso(s.expiresAt) : null,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    checkoutLink: { id: s.checkoutLink.id, checkoutMode: s.checkoutLink.mode.toLowerCase() },
    plan: null,
  };
}

export const toLeanRailsCheckoutSession = (s: LeanRailsSessionFieldsFragment) => toLeanRailsSession(sessionSnapshot(s), s.livemode);

/** A GraphQL event as LeanRails' event object (null for a core type LeanRails has no name for). */
export function toLeanRailsEvent(e: LeanRailsEventFieldsFragment) {
  const view: EventView = {
    id: e.id,
    type: e.type,
    organisationId: '',
    organisation: { name: '', slug: '' },
    mode: e.livemode ? 'live' : 'test',
    createdAt: new Date(iso(e.createdAt)),
    data: e.data,
    previous: e.previousAttributes ?? null,
  };
  return toLeanRailsEventFromView(view, null, e.pendingWebhooks);
}
