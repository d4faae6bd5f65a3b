// Request and response schemas of /v1/webhook_endpoints, /v1/events and /v1/checkout/sessions.
import type { RequestOf } from '../../kernel/request-types.ts';
import { listQueryProperties } from '../../kernel/stripe/list.ts';
import { metadataInput, metadataOutput } from './common.ts';

const eventName = { type: 'string', minLength: 1, maxLength: 128 } as const;

export const webhookEndpointCreateBody = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    enabled_events: { type: 'array', minItems: 1, maxItems: 100, items: eventName },
    description: { type: ['string', 'null'], maxLength: 5000 },
    metadata: metadataInput,
    api_version: { type: ['string', 'null'], maxLength: 32 },
    connect: { type: 'boolean' },
  },
  required: ['url', 'enabled_events'],
  additionalProperties: false,
} as const;

export const webhookEndpointUpdateBody = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2048 },
    enabled_events: { type: 'array', minItems: 1, maxItems: 100, items: eventName },
    description: { type: ['string', 'null'], maxLength: 5000 },
    metadata: metadataInput,
    disabled: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

export const webhookEndpointObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['webhook_endpoint'] },
    api_version: { type: ['string', 'null'] },
    application: { type: 'null' },
    created: { type: 'integer' },
    description: { type: ['string', 'null'] },
    enabled_events: { type: 'array', items: { type: 'string' } },
    livemode: { type: 'boolean' },
    metadata: metadataOutput,
    status: { type: 'string', enum: ['enabled', 'disabled'] },
    url: { type: 'string' },
    secret: { type: 'string', description: 'Only in the answer to create.' },
  },
} as const;

export const webhookEndpointDeletedSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, object: { type: 'string', enum: ['webhook_endpoint'] }, deleted: { type: 'boolean' } },
} as const;

const range = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: 99_999_999_999 },
    {
      type: 'object',
      properties: Object.fromEntries(['gt', 'gte', 'lt', 'lte'].map((k) => [k, { type: 'integer', minimum: 0, maximum: 99_999_999_999 }])),
      additionalProperties: false,
    },
  ],
} as const;

export const eventListQuery = {
  type: 'object',
  properties: {
    ...listQueryProperties,
    type: eventName,
    types: { type: 'array', maxItems: 20, items: eventName },
    created: range,
    delivery_success: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

export const eventObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['event'] },
    api_version: { type: ['string', 'null'] },
    type: { type: 'string' },
    created: { type: 'integer' },
    livemode: { type: 'boolean' },
    pending_webhooks: { type: 'integer' },
    request: { type: ['object', 'null'], additionalProperties: true },
    data: { type: 'object', additionalProperties: true },
  },
} as const;

export const sessionListQuery = {
  type: 'object',
  properties: { ...listQueryProperties, checkout_link: { type: 'string', maxLength: 64 }, status: { type: 'string', enum: ['open', 'complete', 'expired'] } },
  additionalProperties: false,
} as const;

export const sessionObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['checkout.session'] },
    checkout_link: { type: 'string' },
    status: { type: 'string', enum: ['open', 'complete', 'expired'] },
    payment_status: { type: 'string', enum: ['paid', 'unpaid', 'no_payment_required'] },
    amount_subtotal: { type: 'integer' },
    amount_total: { type: 'integer' },
    currency: { type: ['string', 'null'] },
    customer_details: { type: ['object', 'null'], properties: { email: { type: ['string', 'null'] }, business_name: { type: ['string', 'null'] } } },
    customer_email: { type: ['string', 'null'] },
    client_reference_id: { type: ['string', 'null'] },
    metadata: { type: 'object', additionalProperties: true },
    mode: { type: 'string' },
    created: { type: 'integer' },
    expires_at: { type: ['integer', 'null'] },
    livemode: { type: 'boolean' },
  },
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type WebhookEndpointCreateBody = RequestOf<typeof webhookEndpointCreateBody>;
export type WebhookEndpointUpdateBody = RequestOf<typeof webhookEndpointUpdateBody>;
