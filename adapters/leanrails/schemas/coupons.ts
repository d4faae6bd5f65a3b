// JSON Schemas of /v1/coupons and /v1/promotion_codes (Stripe's parameters and objects).
import type { RequestOf } from '../../kernel/request-types.ts';
import { listQueryProperties } from '../../kernel/stripe/list.ts';
import { currencyInput, metadataInput, metadataOutput } from './common.ts';
import { INT_MAX } from '../../../src/contract/limits.ts';

const unixTime = { type: 'integer', minimum: 0, maximum: 253402300799 } as const;

export const couponCreateBody = {
  type: 'object',
  properties: {
    name: { type: ['string', 'null'], maxLength: 255 },
    percent_off: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    amount_off: { type: 'integer', minimum: 1, maximum: 99999999999 },
    currency: currencyInput,
    duration: { type: 'string', enum: ['once', 'repeating', 'forever'] },
    duration_in_months: { type: 'integer', minimum: 1, maximum: 1200 },
    max_redemptions: { type: 'integer', minimum: 1, maximum: INT_MAX },
    redeem_by: unixTime,
    applies_to: {
      type: 'object',
      properties: { products: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } } },
      additionalProperties: false,
    },
    metadata: metadataInput,
  },
  additionalProperties: false,
} as const;

export const couponUpdateBody = {
  type: 'object',
  properties: { name: { type: ['string', 'null'], maxLength: 255 }, metadata: metadataInput },
  additionalProperties: false,
} as const;

export const couponListQuery = { type: 'object', properties: { ...listQueryProperties }, additionalProperties: false } as const;

export const couponObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['coupon'] },
    amount_off: { type: ['integer', 'null'] },
    applies_to: { type: ['object', 'null'], properties: { products: { type: 'array', items: { type: 'string' } } } },
    created: { type: 'integer' },
    currency: { type: ['string', 'null'] },
    duration: { type: 'string' },
    duration_in_months: { type: ['integer', 'null'] },
    livemode: { type: 'boolean' },
    max_redemptions: { type: ['integer', 'null'] },
    metadata: metadataOutput,
    name: { type: ['string', 'null'] },
    percent_off: { type: ['number', 'null'] },
    redeem_by: { type: ['integer', 'null'] },
    times_redeemed: { type: 'integer' },
    valid: { type: 'boolean' },
  },
} as const;

export const couponDeletedSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, object: { type: 'string', enum: ['coupon'] }, deleted: { type: 'boolean' } },
} as const;

export const promotionCodeCreateBody = {
  type: 'object',
  properties: {
    coupon: { type: 'string', maxLength: 64 },
    code: { type: 'string', minLength: 1, maxLength: 64 },
    active: { type: 'boolean' },
    max_redemptions: { type: 'integer', minimum: 1, maximum: INT_MAX },
    expires_at: unixTime,
    metadata: metadataInput,
  },
  required: ['coupon', 'code'],
  additionalProperties: false,
} as const;

export const promotionCodeUpdateBody = {
  type: 'object',
  properties: { active: { type: 'boolean' }, metadata: metadataInput },
  additionalProperties: false,
} as const;

export const promotionCodeListQuery = {
  type: 'object',
  properties: { ...listQueryProperties, active: { type: 'boolean' }, code: { type: 'string', maxLength: 64 }, coupon: { type: 'string', maxLength: 64 } },
  additionalProperties: false,
} as const;

export const promotionCodeObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['promotion_code'] },
    active: { type: 'boolean' },
    code: { type: 'string' },
    coupon: couponObjectSchema,
    created: { type: 'integer' },
    customer: { type: 'null' },
    expires_at: { type: ['integer', 'null'] },
    livemode: { type: 'boolean' },
    max_redemptions: { type: ['integer', 'null'] },
    metadata: metadataOutput,
    restrictions: { type: 'object', additionalProperties: true },
    times_redeemed: { type: 'integer' },
  },
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type CouponCreateBody = RequestOf<typeof couponCreateBody>;
export type CouponUpdateBody = RequestOf<typeof couponUpdateBody>;
export type PromotionCodeCreateBody = RequestOf<typeof promotionCodeCreateBody>;
export type PromotionCodeUpdateBody = RequestOf<typeof promotionCodeUpdateBody>;
