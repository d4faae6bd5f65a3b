import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

/** One store for every face: key + organisation + mode (+ dialect scope), 24 h life. */
export const IdempotencyKeySchema = defineEntity({
  name: 'IdempotencyKey',
  uniques: [{ properties: ['organisation', 'mode', 'scope', 'key'] }],
  properties: {
    ...tenantProps(),
    scope: p.string().length(64),
    key: p.string().length(255),
    fingerprint: p.string().length(64),
    state: p.enum(['running', 'done'] as const).default('running'),
    responseStatus: p.integer().nullable(),
    responseHeaders: p.json<Record<string, string>>().nullable(),
    responseBody: p.text().nullable(),
    expiresAt: p.datetime().columnType('timestamptz').index(),
  },
});
export class IdempotencyKey extends IdempotencyKeySchema.class {}
IdempotencyKeySchema.setClass(IdempotencyKey);
