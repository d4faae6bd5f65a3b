// Fynn webhooks: request bodies -> GraphQL inputs, GraphQL endpoints -> Fynn's camelCase object.
import type { CreateWebhookEndpointInput, FynnWebhookFieldsFragment, UpdateWebhookEndpointInput } from '../../../src/generated/operations.ts';
import { v2Date } from './dates.ts';
import type { FynnWebhookBody } from '../schemas/webhooks.ts';

export type { FynnWebhookBody };

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

export function toFynnWebhook(w: FynnWebhookFieldsFragment, secret?: string | null) {
  return {
    id: w.id,
    url: w.url,
    events: w.enabledEvents,
    enabled: w.enabled,
    version: w.apiVersion ?? 'v1',
    disabledReason: w.disabledReason ?? null,
    createdAt: v2Date(iso(w.createdAt)),
    updatedAt: v2Date(iso(w.updatedAt)),
    ...(secret ? { secret } : {}),
  };
}

export function toCreateWebhookEndpointInput(body: FynnWebhookBody & { url: string }): CreateWebhookEndpointInput {
  return { url: body.url, format: 'FYNN', enabledEvents: body.events ?? null, enabled: body.enabled ?? null, apiVersion: body.version ?? 'v1' };
}

export function toUpdateWebhookEndpointInput(body: FynnWebhookBody): UpdateWebhookEndpointInput {
  return { url: body.url ?? null, enabledEvents: body.events ?? null, enabled: body.enabled ?? null };
}
