// The Fynn face's webhooks in its OpenAPI document: `{event, tenantId, data}` with
// X-Webhook-Signature, the hex HMAC-SHA256 of the raw body (docs.fynn.eu webhooks).
import { nullable, objectOf, webhookDocs, type JsonSchema } from '../../kernel/webhook-docs.ts';

const VERIFY =
  "Verify as Fynn documents it: `hash_hmac('sha256', $rawBody, $secret)` (Node: `createHmac('sha256', secret).update(rawBody).digest('hex')`) must equal `X-Webhook-Signature` (compare in constant time); the secret is returned once when the webhook is made. There is no timestamp; deduplicate on `event.id`.";

const cart = objectOf(
  {
    id: { type: 'string', format: 'uuid' },
    checkoutLinkId: { type: 'string', format: 'uuid' },
    status: { const: 'completed' },
    currency: nullable('string'),
    subtotalAmount: { type: 'integer', description: 'Minor units, before the coupon.' },
    totalAmount: { type: 'integer', description: 'Minor units charged today (after the coupon; during a trial only setup fees and one-time items).' },
    customerId: nullable('string'),
    customerEmail: nullable('string'),
    companyName: nullable('string'),
    couponCode: nullable('string'),
    items: {
      type: 'array',
      items: objectOf({
        productId: nullable('string'),
        priceId: nullable('string'),
        name: { type: 'string' },
        quantity: { type: 'integer' },
        unitAmount: { type: 'integer' },
        totalAmount: { type: 'integer' },
        recurringInterval: nullable('string'),
        recurringIntervalCount: { type: ['integer', 'null'] },
      }),
    },
    metadata: { type: 'object' },
    createdAt: nullable('string'),
    completedAt: nullable('string'),
  },
  'The completed cart (a checkout session), camelCase.',
);

const product = objectOf({
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  description: nullable('string'),
  active: { type: 'boolean' },
  archived: { type: 'boolean' },
  metadata: { type: 'object' },
  images: { type: 'array' },
  createdAt: nullable('string'),
  updatedAt: nullable('string'),
});

const plan = objectOf({
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  code: nullable('string'),
  status: { const: 'archived' },
  description: nullable('string'),
  createdAt: nullable('string'),
  updatedAt: nullable('string'),
});

function envelope(type: string, data: JsonSchema): JsonSchema {
  return objectOf({
    event: objectOf({ type: { const: type }, id: { type: 'string', pattern: '^webhk_' }, version: { const: '1.0.0' }, created: { type: 'string' } }),
    tenantId: { type: 'string', format: 'uuid', description: 'The organisation.' },
    data,
  });
}

export const fynnWebhookDocs = webhookDocs(
  'Fynn',
  VERIFY,
  [{ name: 'X-Webhook-Signature', description: 'Lowercase hex HMAC-SHA256 of the raw body, keyed with the webhook secret.', pattern: '^[0-9a-f]{64}$' }],
  {
    'cart.completed': { summary: 'A checkout (cart) was completed', schema: envelope('cart.completed', cart) },
    'cart.paid': { summary: 'A completed cart was paid (sent with cart.completed)', schema: envelope('cart.paid', cart) },
    'product.created': { summary: 'A product was created', schema: envelope('product.created', product) },
    'product.updated': { summary: 'A product was updated', schema: envelope('product.updated', product) },
    'price_plan.archived': { summary: 'A plan was archived', schema: envelope('price_plan.archived', plan) },
  },
);
