// /webhooks: request and response schemas (WebhookCreateParams, WebhookUpdateParams, Webhook).
import type { RequestOf } from '../../kernel/request-types.ts';
import { bool, pageQuery, str } from './common.ts';

const events = { type: ['array', 'null'], maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 128 } } as const;

export const webhookBody = {
  type: 'object',
  properties: {
    url: { type: ['string', 'null'], maxLength: 2048 },
    api_version: { type: ['string', 'null'], enum: ['v1', 'v2', 'v5', null] },
    child_resource_events: bool,
    enabled: bool,
    events,
    resource_id: str,
  },
} as const;

export const webhookListQuery = { type: 'object', properties: pageQuery } as const;

export const webhookResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    api_version: { type: 'string' },
    child_resource_events: { type: 'boolean' },
    created_at: { type: 'string' },
    enabled: { type: 'boolean' },
    events: { type: 'array', items: { type: 'string' } },
    resource_id: { type: 'string' },
    testable_events: { type: 'array', items: { type: 'string' } },
    url: { type: 'string' },
    webhook_secret: { type: 'string', description: 'Only in the answer to create.' },
  },
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type WhopWebhookBody = RequestOf<typeof webhookBody>;
