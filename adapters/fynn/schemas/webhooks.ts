// /webhooks and /available-webhook-events: request and response schemas.
import type { RequestOf } from '../../kernel/request-types.ts';
import { dateTime, nullableString } from './common.ts';

const events = { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 128 } } as const;

export const webhookInput = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    events,
    enabled: { type: 'boolean' },
    version: { type: 'string', maxLength: 32 },
  },
} as const;

export const webhook = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
    version: { type: 'string' },
    disabledReason: nullableString,
    createdAt: dateTime,
    updatedAt: dateTime,
    secret: { type: 'string', description: 'The signing secret (X-Webhook-Signature): only in the answer to create.' },
  },
} as const;

export const webhookCollection = {
  type: 'object',
  properties: { 'hydra:member': { type: 'array', items: webhook }, 'hydra:totalItems': { type: 'integer' } },
} as const;

export const availableEvents = { type: 'array', items: { type: 'string' } } as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type FynnWebhookBody = RequestOf<typeof webhookInput>;
