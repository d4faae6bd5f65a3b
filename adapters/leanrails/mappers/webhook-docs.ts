// The LeanRails face's webhooks in its OpenAPI document: the event envelope and each object, the
// Fluveo-Signature header and the recipe that verifies it (docs.fluveo.com).
import { nullable, objectOf, webhookDocs, type JsonSchema } from '../../kernel/webhook-docs.ts';

const VERIFY =
  'Verify: split `Fluveo-Signature` (the same value is in `X-Signature`) into `t` and `v1`; compute the lowercase hex HMAC-SHA256 keyed with the whole `whsec_…` secret (returned once when the endpoint is made) over the string `"v1=" + t + "." + rawBody`; compare with `v1` in constant time and refuse a `t` more than 5 minutes old. Deduplicate on `Webhook-Id` (the event id): a delivery may repeat.';

const metadata = { type: 'object', additionalProperties: { type: 'string' } };
const unix = { type: 'integer', description: 'Unix seconds.' };

const session = objectOf(
  {
    id: { type: 'string', pattern: '^cs_' },
    object: { const: 'checkout.session' },
    checkout_link: { type: 'string', pattern: '^cl_' },
    status: { enum: ['open', 'complete', 'expired'] },
    payment_status: { enum: ['paid', 'unpaid', 'no_payment_required'] },
    amount_subtotal: { type: 'integer', description: 'Minor units, before the discount: what is due today without the promotion code.' },
    amount_total: {
      type: 'integer',
      description: 'Minor units: what was charged today (after the discount; during a trial only setup fees and one-time items).',
    },
    currency: nullable('string'),
    customer_details: { type: ['object', 'null'], properties: { email: nullable('string'), business_name: nullable('string') } },
    customer_email: nullable('string'),
    client_reference_id: nullable('string'),
    metadata,
    mode: { enum: ['payment', 'subscription', 'order'] },
    created: unix,
    expires_at: { type: ['integer', 'null'] },
    livemode: { type: 'boolean' },
  },
  'A checkout session (GET /v1/checkout/sessions/{id} shows the same object).',
);

const link = objectOf({
  id: { type: 'string', pattern: '^cl_' },
  object: { const: 'checkout_link' },
  active: { type: 'boolean' },
  mode: { enum: ['payment', 'order'] },
  title: { type: 'string' },
  description: nullable('string'),
  currency: nullable('string'),
  metadata,
  created: unix,
  livemode: { type: 'boolean' },
});

const product = objectOf({
  id: { type: 'string', pattern: '^prod_' },
  object: { const: 'product' },
  active: { type: 'boolean' },
  name: { type: 'string' },
  description: nullable('string'),
  images: { type: 'array', items: { type: 'string' } },
  metadata,
  default_price: nullable('string'),
  created: unix,
  updated: unix,
  livemode: { type: 'boolean' },
});

const price = objectOf({
  id: { type: 'string', pattern: '^price_' },
  object: { const: 'price' },
  active: { type: 'boolean' },
  product: { type: 'string' },
  currency: nullable('string'),
  unit_amount: { type: 'integer', description: 'Minor units.' },
  type: { enum: ['one_time', 'recurring'] },
  recurring: { type: ['object', 'null'], properties: { interval: { type: 'string' }, interval_count: { type: 'integer' } } },
  tax_behavior: { type: ['string', 'null'] },
  nickname: nullable('string'),
  lookup_key: nullable('string'),
  metadata,
  created: unix,
  livemode: { type: 'boolean' },
});

function envelope(type: string, object: JsonSchema): JsonSchema {
  return objectOf(
    {
      id: { type: 'string', pattern: '^evt_' },
      object: { const: 'event' },
      api_version: { type: 'string' },
      type: { const: type },
      created: unix,
      livemode: { type: 'boolean' },
      pending_webhooks: { type: 'integer' },
      request: { type: 'object', properties: { id: nullable('string'), idempotency_key: nullable('string') } },
      data: {
        type: 'object',
        required: ['object'],
        properties: { object, previous_attributes: { type: 'object', description: 'On *.updated: the previous values of the fields that changed.' } },
      },
    },
    `The event object (GET /v1/events/${'{id}'} answers the same).`,
  );
}

export const leanrailsWebhookDocs = webhookDocs(
  'LeanRails',
  VERIFY,
  [
    { name: 'Fluveo-Signature', description: '`t=<unix seconds>,v1=<hex HMAC-SHA256>`', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
    { name: 'X-Signature', description: 'The same value as Fluveo-Signature.' },
    { name: 'Webhook-Id', description: 'The event id (`evt_…`), the same on every retry.' },
  ],
  {
    'checkout.session.completed': { summary: 'A buyer completed a checkout', schema: envelope('checkout.session.completed', session) },
    'checkout.session.expired': { summary: 'An open checkout session expired', schema: envelope('checkout.session.expired', session) },
    'checkout_link.created': { summary: 'A checkout link was created', schema: envelope('checkout_link.created', link) },
    'checkout_link.updated': { summary: 'A checkout link was updated', schema: envelope('checkout_link.updated', link) },
    'checkout_link.deleted': { summary: 'A checkout link was deleted', schema: envelope('checkout_link.deleted', link) },
    'product.created': { summary: 'A product was created', schema: envelope('product.created', product) },
    'product.updated': { summary: 'A product was updated', schema: envelope('product.updated', product) },
    'price.created': { summary: 'A price was created', schema: envelope('price.created', price) },
    'price.updated': { summary: 'A price was updated', schema: envelope('price.updated', price) },
  },
);
