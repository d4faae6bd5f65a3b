// JSON schemas of the classic checkout links (API Platform): body, object and hydra collection.
import type { RequestOf } from '../../kernel/request-types.ts';
import { dateTime, INT_MAX, INT_MIN, nullableString, SLUG_PATTERN, uuid } from './common.ts';

/** Fynn's generated examples send booleans as "1"/"" and numbers as strings. */
const looseBoolean = { type: ['boolean', 'string', 'integer', 'null'] } as const;
const looseInteger = { type: ['integer', 'string', 'null'], minimum: INT_MIN, maximum: INT_MAX } as const;

const classicPeriod = {
  type: 'object',
  properties: { contractPeriod: { type: ['string', 'null'], maxLength: 32 }, cancellationPeriod: { type: ['string', 'null'], maxLength: 32 } },
} as const;

const classicItemInput = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['product', 'plan'] },
    product: { ...nullableString, description: 'Required when the type is "product".' },
    plan: { ...nullableString, description: 'Required when the type is "plan".' },
    price: { ...nullableString, description: 'Required when the type is "product" or "plan".' },
    quantity: looseInteger,
    periods: { type: ['array', 'null'], items: classicPeriod },
  },
} as const;

export const classicLinkInput = {
  type: 'object',
  properties: {
    name: { type: ['string', 'null'], maxLength: 255 },
    slug: { type: ['string', 'null'], minLength: 3, maxLength: 64, pattern: SLUG_PATTERN },
    isEnabled: looseBoolean,
    items: { type: 'array', items: classicItemInput },
    options: {
      type: ['object', 'null'],
      properties: {
        allowCoupons: looseBoolean,
        couponsAllowed: looseBoolean,
        forceCompany: looseBoolean,
        quantityEditable: looseBoolean,
        trialDays: looseInteger,
      },
    },
    afterCheckout: {
      type: ['object', 'null'],
      properties: {
        action: { type: 'string', enum: ['redirect', 'confirmation_message'] },
        url: { type: ['string', 'null'], maxLength: 255 },
        confirmationMessage: { type: ['string', 'null'], maxLength: 255 },
        backToProviderUrl: { type: ['string', 'null'], maxLength: 255 },
      },
    },
  },
} as const;

export const classicLink = {
  type: 'object',
  properties: {
    id: uuid,
    name: nullableString,
    slug: { type: 'string' },
    url: { type: 'string', format: 'uri' },
    isEnabled: { type: 'boolean' },
    options: {
      type: 'object',
      properties: {
        allowCoupons: { type: 'boolean' },
        forceCompany: { type: 'boolean' },
        quantityEditable: { type: 'boolean' },
        trialDays: { type: ['integer', 'null'] },
      },
    },
    afterCheckout: {
      type: 'object',
      properties: { action: { type: 'string' }, url: nullableString, confirmationMessage: nullableString, backToProviderUrl: nullableString },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: uuid,
          type: { type: 'string' },
          product: nullableString,
          plan: nullableString,
          price: nullableString,
          quantity: { type: 'integer' },
          periods: { type: 'array', items: classicPeriod },
        },
      },
    },
    createdAt: dateTime,
  },
} as const;

const CLASSIC_MAX_PAGE = Math.floor(INT_MAX / 100) + 1;

export const classicCollectionQuery = {
  type: 'object',
  properties: {
    // (page - 1) * itemsPerPage (at most 100) is the GraphQL offset, an Int.
    page: { type: 'integer', minimum: 1, maximum: CLASSIC_MAX_PAGE, default: 1 },
    itemsPerPage: { type: 'integer', minimum: 1, maximum: INT_MAX, default: 30 },
  },
} as const;

export const classicCollection = {
  type: 'object',
  properties: {
    'hydra:member': { type: 'array', items: classicLink },
    'hydra:totalItems': { type: 'integer' },
    'hydra:view': { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type ClassicLinkBody = RequestOf<typeof classicLinkInput>;
export type ClassicItemBody = NonNullable<ClassicLinkBody['items']>[number];
