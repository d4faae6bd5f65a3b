import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

export const KEY_KINDS = ['secret', 'publishable'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/**
 * An API key: a secret (sk_…, every operation its scopes allow) or a publishable key (pk_…, safe
 * in a browser: storefront operations only). Only its SHA-256 is stored; prefix and last4 help
 * people recognise it.
 */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  properties: {
    ...tenantProps(),
    name: p.string().length(255).nullable(),
    kind: p.enum(KEY_KINDS).default('secret'),
    secretHash: p.string().length(64).unique(),
    prefix: p.string().length(32),
    last4: p.string().length(4),
    scopes: p.array(),
    lastUsedAt: p.datetime().columnType('timestamptz').nullable(),
    revokedAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class ApiKey extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKey);
