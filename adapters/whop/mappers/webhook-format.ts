// Whop webhooks: v1 envelopes `{id, api_version, type, timestamp, company_id, data}` signed as
// Standard Webhooks keyed with the raw bytes of `webhook_secret`, exactly what @whop/sdk checks
// with `new Whop({ webhookKey: btoa(secret) }).webhooks.unwrap(body, { headers })`.
import { digestId, randomHex, standardWebhookHeaders, type WebhookFormat } from '../../kernel/webhooks.ts';
import { accountId } from '../ids.ts';
import { WHOP_EVENT_TYPES, whopEvents } from './event.ts';

export const whopWebhookFormat: WebhookFormat = {
  name: 'whop',
  eventTypes: WHOP_EVENT_TYPES,
  newSecret: () => `ws_${randomHex(32)}`,
  render(event) {
    return whopEvents(event).map(({ type, data }) => {
      const id = `msg_${digestId(event.id, type).slice(0, 24)}`;
      const body = { id, api_version: 'v1', type, timestamp: event.createdAt.toISOString(), company_id: accountId.encode(event.organisationId), data };
      return { type, id, body: JSON.stringify(body) };
    });
  },
  sign: (message, secret, now) => standardWebhookHeaders(message, Buffer.from(secret, 'utf8'), now),
};
