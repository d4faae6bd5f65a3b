// Whop webhooks: request bodies -> GraphQL inputs; endpoints -> Webhook / WebhookCreateResponse /
// WebhookListResponse as @whop/sdk types them.
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WhopWebhookFieldsFragment } from '../../../src/generated/operations.ts';
import { accountId, webhookId } from '../ids.ts';
import { WHOP_EMITTED_TYPES } from './event.ts';
import { iso } from './time.ts';
import type { WhopWebhookBody } from '../schemas/webhooks.ts';

export type { WhopWebhookBody };

/** The list item (WebhookListResponse): no resource_id, no secret. */
export function toWhopWebhookListItem(w: WhopWebhookFieldsFragment) {
  return {
    id: webhookId.encode(w.id),
    api_version: (w.apiVersion ?? 'v1') as 'v1',
    child_resource_events: false,
    created_at: iso(w.createdAt),
    enabled: w.enabled,
    events: w.enabledEvents.includes('*') ? [...WHOP_EMITTED_TYPES] : w.enabledEvents,
    url: w.url,
  };
}

/** Webhook (retrieve, update) and, with the secret, WebhookCreateResponse. */
export function toWhopWebhook(w: WhopWebhookFieldsFragment, organisationId: string, secret?: string | null) {
  return {
    ...toWhopWebhookListItem(w),
    resource_id: accountId.encode(organisationId),
    testable_events: [...WHOP_EMITTED_TYPES],
    ...(secret ? { webhook_secret: secret } : {}),
  };
}

export function toCreateWebhookEndpointInput(body: WhopWebhookBody & { url: string }): CreateWebhookEndpointInput {
  return {
    url: body.url,
    format: 'WHOP',
    enabledEvents: body.events?.length ? body.events : null,
    enabled: body.enabled ?? null,
    apiVersion: body.api_version ?? 'v1',
  };
}

export function toUpdateWebhookEndpointInput(body: WhopWebhookBody): UpdateWebhookEndpointInput {
  return { url: body.url ?? null, enabledEvents: body.events?.length ? body.events : null, enabled: body.enabled ?? null };
}
