// The Whop face's webhooks in its OpenAPI document: v1 envelopes signed as Standard Webhooks,
// exactly what @whop/sdk's `webhooks.unwrap` verifies.
import { nullable, objectOf, webhookDocs, type JsonSchema } from '../../kernel/webhook-docs.ts';

const VERIFY =
  'Verify with @whop/sdk: `new Whop({ apiKey, webhookKey: btoa(webhook_secret) }).webhooks.unwrap(rawBody, { headers })` (or any Standard Webhooks library keyed with the bytes of `webhook_secret`, returned when the webhook is made): `webhook-signature` is `v1,<base64 HMAC-SHA256>` over `webhook-id + "." + webhook-timestamp + "." + rawBody`. Deduplicate on `webhook-id`.';

const ref = (prefix: string) => ({ type: ['object', 'null'], required: ['id'], properties: { id: { type: 'string', pattern: `^${prefix}_` } } });
const user = {
  type: ['object', 'null'],
  properties: { id: { type: 'string' }, email: nullable('string'), name: nullable('string'), username: { type: 'string' } },
};

const payment = objectOf(
  {
    id: { type: 'string', pattern: '^pay_' },
    status: { const: 'paid' },
    substatus: { const: 'succeeded' },
    total: {
      type: 'number',
      description: 'What was charged today, in major units of `currency` (19.99 = $19.99): after the promo code; during a trial only the initial price.',
    },
    subtotal: { type: 'number', description: 'The same before the promo code, in major units.' },
    currency: { type: 'string' },
    checkout_configuration_id: { type: 'string', pattern: '^ch_' },
    billing_reason: { type: ['string', 'null'] },
    paid_at: nullable('string'),
    created_at: { type: 'string' },
    metadata: { type: ['object', 'null'] },
    plan: ref('plan'),
    product: ref('prod'),
    promo_code: { type: ['object', 'null'] },
    user,
  },
  "A Payment: every field of @whop/sdk's `Payment` type is present (null where the gateway knows no value); the main ones are listed.",
);

const membership = objectOf(
  {
    id: { type: 'string', pattern: '^mem_' },
    status: { const: 'active' },
    checkout_configuration_id: { type: ['string', 'null'] },
    currency: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    renewal_period_start: nullable('string'),
    renewal_period_end: nullable('string'),
    metadata: { type: ['object', 'null'] },
    plan: ref('plan'),
    product: ref('prod'),
    user,
  },
  "A Membership: every field of @whop/sdk's `Membership` type is present; the main ones are listed.",
);

function envelope(type: string, data: JsonSchema): JsonSchema {
  return objectOf({
    id: { type: 'string', pattern: '^msg_' },
    api_version: { const: 'v1' },
    type: { const: type },
    timestamp: { type: 'string', description: 'ISO 8601: when the change committed.' },
    company_id: { type: 'string', pattern: '^biz_' },
    data,
  });
}

export const whopWebhookDocs = webhookDocs(
  'Whop',
  VERIFY,
  [
    { name: 'webhook-id', description: 'The message id (`msg_…`), the same on every retry.' },
    { name: 'webhook-timestamp', description: 'Unix seconds of this attempt.', pattern: '^\\d+$' },
    { name: 'webhook-signature', description: '`v1,<base64 HMAC-SHA256>`', pattern: '^v1,' },
  ],
  {
    'payment.succeeded': { summary: 'A checkout was paid (one per completed checkout)', schema: envelope('payment.succeeded', payment) },
    'membership.activated': { summary: 'A renewal plan was bought: its membership is active', schema: envelope('membership.activated', membership) },
  },
);
