import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

/** How deliveries to an endpoint are shaped and signed: a vendor's dialect or Standard Webhooks. */
export const WEBHOOK_FORMATS = ['fynn', 'leanrails', 'whop', 'standard'] as const;
export type WebhookFormatName = (typeof WEBHOOK_FORMATS)[number];

/**
 * Where to deliver events. The signing secret is stored only encrypted (AES-256-GCM with the
 * key of src/webhooks/secret-box.ts); it is shown once, when created or rotated.
 */
export const WebhookEndpointSchema = defineEntity({
  name: 'WebhookEndpoint',
  // A tenant's endpoints, looked up for every event written (whether it has any to deliver to:
  // Migration20261207070000_event_unsubscribed_at_insert) and by the delivery worker.
  indexes: [{ properties: ['organisation', 'mode'] }],
  properties: {
    ...tenantProps(),
    url: p.string().length(2048),
    format: p.enum(WEBHOOK_FORMATS),
    /** Event types in the format's own vocabulary; `*` = every type. */
    enabledEvents: p.array(),
    enabled: p.boolean().default(true),
    description: p.text().nullable(),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    apiVersion: p.string().length(32).nullable(),
    secretCiphertext: p.text().lazy(),
    /** Why the gateway disabled it (`gone`: the endpoint answered 410). */
    disabledReason: p.string().length(64).nullable(),
  },
});
export class WebhookEndpoint extends WebhookEndpointSchema.class {}
WebhookEndpointSchema.setClass(WebhookEndpoint);
