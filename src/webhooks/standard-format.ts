// STANDARD: Standard Webhooks (standardwebhooks.com) with the core's own event names and objects.
// Body `{type, timestamp, data: {object, previousAttributes?}}`; headers webhook-id,
// webhook-timestamp and webhook-signature `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, keyed
// with the bytes of the base64 part of the `whsec_…` secret, signed by the `standardwebhooks` package.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES } from '../domain/entities/event.ts';
import type { WebhookFormat, WebhookMessage } from './format.ts';

/** Standard Webhooks headers for a message; `secret` is a `whsec_<base64>` string or the raw key bytes. */
export function standardWebhookHeaders(message: WebhookMessage, secret: string | Uint8Array, now: Date): Record<string, string> {
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret, typeof secret === 'string' ? undefined : { format: 'raw' }).sign(message.id, timestamp, message.body),
  };
}

export const standardFormat: WebhookFormat = {
  name: 'standard',
  eventTypes: EVENT_TYPES,
  newSecret: () => `whsec_${randomBytes(24).toString('base64')}`,
  render(event) {
    const body = {
      type: event.type,
      timestamp: event.createdAt.toISOString(),
      data: { object: event.data, ...(event.previous ? { previousAttributes: event.previous } : {}) },
    };
    return [{ type: event.type, id: `msg_${event.id.replaceAll('-', '')}`, body: JSON.stringify(body) }];
  },
  sign: (message, secret, now) => standardWebhookHeaders(message, secret, now),
};
