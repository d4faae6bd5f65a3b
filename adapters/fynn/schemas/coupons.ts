// JSON schemas of the classic coupons (/coupons): body and object. Fynn publishes no coupon shape;
// the fields follow Fynn's other classic objects (camelCase, UUID ids, minor units, +00:00 dates).
import { dateTime, INT_MAX, nullableString, uuid } from './common.ts';

const CODE_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const durations = ['once', 'repeating', 'forever'] as const;
const discountTypes = ['percentage', 'fixed'] as const;

export const classicCouponInput = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: ['string', 'null'], maxLength: 255 },
    code: {
      type: ['string', 'null'],
      pattern: CODE_PATTERN,
      description:
        'The customer-facing code (1 to 64 letters, digits, dashes or underscores; unique, case-insensitive). POST makes it with the coupon; PUT gives a coupon without a code its code.',
    },
    discountType: {
      type: 'string',
      enum: discountTypes,
      description: 'percentage (value = percent, up to two decimals) or fixed (value = minor units of currencyCode).',
    },
    value: { type: 'number', exclusiveMinimum: 0, maximum: 99_999_999_999 },
    currencyCode: { type: ['string', 'null'], pattern: '^[A-Za-z]{3}$', description: 'Only for a fixed amount.' },
    duration: { type: 'string', enum: durations, description: 'Default once.' },
    durationInMonths: { type: ['integer', 'null'], minimum: 1, maximum: 1200, description: 'Only for duration repeating.' },
    maxRedemptions: { type: ['integer', 'null'], minimum: 1, maximum: INT_MAX },
    validUntil: { type: ['string', 'null'], format: 'date-time', description: 'Last moment the coupon can be redeemed.' },
    products: { type: 'array', maxItems: 100, items: { type: 'string' }, description: 'UUIDs of the products it is limited to; empty = every product.' },
    // Read-only fields of the object, accepted (and ignored) from a client that PUTs back what it read.
    id: { type: 'string' },
    codes: { type: 'array' },
    status: { type: 'string' },
    timesRedeemed: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const classicCoupon = {
  type: 'object',
  properties: {
    id: uuid,
    name: nullableString,
    code: nullableString,
    codes: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, active: { type: 'boolean' } } } },
    discountType: { type: 'string', enum: discountTypes },
    value: { type: 'number' },
    currencyCode: nullableString,
    duration: { type: 'string', enum: durations },
    durationInMonths: { type: ['integer', 'null'] },
    maxRedemptions: { type: ['integer', 'null'] },
    validUntil: { type: ['string', 'null'], format: 'date-time' },
    products: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['active', 'inactive'] },
    timesRedeemed: { type: 'integer' },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;
