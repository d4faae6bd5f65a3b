// LeanRails webhooks (docs.fluveo.com): the event object as body; `Fluveo-Signature: t=<unix>,v1=<hex>`
// and the same value in `X-Signature`, where hex = HMAC-SHA256 keyed with the whole `whsec_…`
// string over "v1=" + t + "." + body; `Webhook-Id` = the event id (receivers deduplicate on it).
import { hmacHex, randomHex, unixNow, type WebhookFormat } from '../../kernel/webhooks.ts';
import { toLeanRailsEventFromView, LEANRAILS_EVENT_TYPES } from './event.ts';

export function leanrailsSignature(secret: string, body: string, t: number): string {
  return `t=${t},v1=${hmacHex(secret, `v1=${t}.${body}`)}`;
}

export const leanrailsWebhookFormat: WebhookFormat = {
  name: 'leanrails',
  eventTypes: LEANRAILS_EVENT_TYPES,
  newSecret: () => `whsec_${randomHex(24)}`,
  render(event, endpoint) {
    const object = toLeanRailsEventFromView(event, endpoint.apiVersion, 1);
    return object ? [{ type: object.type, id: object.id, body: JSON.stringify(object) }] : [];
  },
  sign(message, secret, now) {
    const signature = leanrailsSignature(secret, message.body, unixNow(now));
    return { 'fluveo-signature': signature, 'x-signature': signature, 'webhook-id': message.id, 'user-agent': 'Fluveo-Webhooks/1.0' };
  },
};
