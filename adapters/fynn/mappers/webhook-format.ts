// Fynn webhooks: `{event: {type, id, version, created}, tenantId, data}` with `X-Webhook-Signature`,
// the lowercase hex HMAC-SHA256 of the raw body keyed with the secret (docs.fynn.eu; no timestamp).
import { digestId, hmacHex, randomHex, type WebhookFormat } from '../../kernel/webhooks.ts';
import { v2Date } from './dates.ts';
import { FYNN_EVENT_TYPES, fynnEvents } from './event.ts';

export const fynnWebhookFormat: WebhookFormat = {
  name: 'fynn',
  eventTypes: FYNN_EVENT_TYPES,
  newSecret: () => randomHex(32),
  render(event) {
    return fynnEvents(event).map(({ type, data }) => {
      const id = `webhk_${digestId(event.id, type).slice(0, 24)}`;
      const body = { event: { type, id, version: '1.0.0', created: v2Date(event.createdAt.toISOString()) }, tenantId: event.organisationId, data };
      return { type, id, body: JSON.stringify(body) };
    });
  },
  sign: (message, secret) => ({ 'x-webhook-signature': hmacHex(secret, message.body) }),
};
