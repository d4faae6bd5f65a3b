// JSON-schema building blocks shared by the LeanRails routes (request and response).
import type { RequestOf } from '../../kernel/request-types.ts';

export const nullable = <T extends Record<string, unknown>>(schema: T & { type: string }) => ({ ...schema, type: [schema.type, 'null'] });

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 } },
  required: ['id'],
  additionalProperties: false,
} as const;

/** metadata: up to 50 string-valued keys; numbers and booleans are turned into strings. */
export const metadataInput = {
  type: ['object', 'null'],
  maxProperties: 50,
  propertyNames: { maxLength: 40 },
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 500 },
} as const;

export const metadataOutput = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const currencyInput = { type: 'string', minLength: 3, maxLength: 3, pattern: '^[A-Za-z]{3}$' } as const;

export const recurringInput = {
  type: 'object',
  properties: {
    interval: { type: 'string', enum: ['day', 'week', 'month', 'year'] },
    interval_count: { type: 'integer', minimum: 1, maximum: 365 },
  },
  required: ['interval'],
  additionalProperties: false,
} as const;

export const taxBehaviorInput = { type: 'string', enum: ['inclusive', 'exclusive', 'unspecified'] } as const;

/** The error body every failure answers with. */
export const errorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        code: { type: 'string' },
        message: { type: 'string' },
        param: { type: ['string', 'null'] },
        doc_url: { type: 'string' },
      },
    },
  },
} as const;

export const listResponse = (item: Record<string, unknown>) => ({
  type: 'object',
  properties: {
    object: { type: 'string', enum: ['list'] },
    data: { type: 'array', items: item },
    has_more: { type: 'boolean' },
    url: { type: 'string' },
    next_cursor: { type: ['string', 'null'] },
  },
  required: ['object', 'data', 'has_more', 'url', 'next_cursor'],
});

/** The idempotency header, documented on every POST (checked by the dialect, not by Ajv). */
export const postHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', maxLength: 255, description: 'Required on every POST.' },
    'x-api-version': { type: 'string', description: 'Pins an API version (2026-03-09).' },
  },
} as const;

/** The body of a DELETE: `{ id, object, deleted: true }`. */
export const deletedResponse = (object: string) =>
  ({
    type: 'object',
    required: ['id', 'object', 'deleted'],
    properties: { id: { type: 'string' }, object: { type: 'string', const: object }, deleted: { type: 'boolean', const: true } },
  }) as const;

export type RecurringBody = RequestOf<typeof recurringInput>;
