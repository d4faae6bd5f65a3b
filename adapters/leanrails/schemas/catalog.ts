// JSON schemas of the product and price routes (request validation and OpenAPI).
import type { RequestOf } from '../../kernel/request-types.ts';
import { listQueryProperties } from '../../kernel/stripe/list.ts';
import { currencyInput, metadataInput, metadataOutput, recurringInput, taxBehaviorInput } from './common.ts';

const amountFields = {
  unit_amount: { type: 'integer', minimum: 0, maximum: 99_999_999_999 },
  unit_amount_decimal: { type: 'string', maxLength: 32 },
} as const;

const productEditable = {
  description: { type: ['string', 'null'], maxLength: 5000 },
  active: { type: 'boolean' },
  images: { type: ['array', 'null'], maxItems: 8, items: { type: 'string', format: 'uri', maxLength: 2048 } },
  shippable: { type: ['boolean', 'null'] },
  metadata: metadataInput,
} as const;

export const productCreateBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255 },
    ...productEditable,
    default_price_data: {
      type: 'object',
      properties: { currency: currencyInput, ...amountFields, recurring: recurringInput, tax_behavior: taxBehaviorInput },
      required: ['currency'],
      additionalProperties: false,
    },
  },
  required: ['name'],
  additionalProperties: false,
} as const;

export const productUpdateBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255 },
    ...productEditable,
    default_price: { type: 'string', maxLength: 64 },
  },
  additionalProperties: false,
} as const;

export const productListQuery = {
  type: 'object',
  properties: { ...listQueryProperties, active: { type: 'boolean' } },
  additionalProperties: false,
} as const;

export const productObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['product'] },
    active: { type: 'boolean' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    images: { type: 'array', items: { type: 'string' } },
    default_price: { type: ['string', 'null'] },
    shippable: { type: ['boolean', 'null'] },
    metadata: metadataOutput,
    livemode: { type: 'boolean' },
    created: { type: 'integer' },
    updated: { type: 'integer' },
  },
  required: ['id', 'object', 'active', 'name', 'livemode', 'created'],
} as const;

/** price product_data (Stripe): the product created with the price, in one transaction. */
export const priceProductData = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255 },
    description: { type: ['string', 'null'], maxLength: 5000 },
    active: { type: 'boolean' },
    images: { type: ['array', 'null'], maxItems: 8, items: { type: 'string', format: 'uri', maxLength: 2048 } },
    metadata: metadataInput,
  },
  required: ['name'],
  additionalProperties: false,
} as const;

export const priceCreateBody = {
  type: 'object',
  properties: {
    // Exactly one of product and product_data (checked by the mapper, as Stripe words it).
    product: { type: 'string', maxLength: 64 },
    product_data: priceProductData,
    currency: currencyInput,
    ...amountFields,
    recurring: recurringInput,
    tax_behavior: taxBehaviorInput,
    active: { type: 'boolean' },
    nickname: { type: ['string', 'null'], maxLength: 255 },
    lookup_key: { type: ['string', 'null'], maxLength: 255 },
    metadata: metadataInput,
  },
  required: ['currency'],
  additionalProperties: false,
} as const;

export const priceUpdateBody = {
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    nickname: { type: ['string', 'null'], maxLength: 255 },
    lookup_key: { type: ['string', 'null'], maxLength: 255 },
    tax_behavior: taxBehaviorInput,
    metadata: metadataInput,
  },
  additionalProperties: false,
} as const;

export const priceListQuery = {
  type: 'object',
  properties: {
    ...listQueryProperties,
    active: { type: 'boolean' },
    product: { type: 'string', maxLength: 64 },
    currency: currencyInput,
    type: { type: 'string', enum: ['one_time', 'recurring'] },
    // lookup_keys[]=a&lookup_keys[]=b or lookup_keys[0]=a (stripe-node): gathered by the route first.
    lookup_keys: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 10 },
  },
  additionalProperties: false,
} as const;

export const priceObjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string', enum: ['price'] },
    active: { type: 'boolean' },
    billing_scheme: { type: 'string' },
    created: { type: 'integer' },
    currency: { type: 'string' },
    livemode: { type: 'boolean' },
    lookup_key: { type: ['string', 'null'] },
    metadata: metadataOutput,
    nickname: { type: ['string', 'null'] },
    product: { type: 'string' },
    recurring: {
      type: ['object', 'null'],
      properties: { interval: { type: 'string' }, interval_count: { type: 'integer' }, usage_type: { type: 'string' } },
    },
    tax_behavior: { type: 'string' },
    type: { type: 'string', enum: ['one_time', 'recurring'] },
    unit_amount: { type: 'integer' },
    unit_amount_decimal: { type: 'string' },
  },
  required: ['id', 'object', 'active', 'currency', 'product', 'type', 'unit_amount', 'livemode', 'created'],
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type ProductCreateBody = RequestOf<typeof productCreateBody>;
export type ProductUpdateBody = RequestOf<typeof productUpdateBody>;
export type PriceCreateBody = RequestOf<typeof priceCreateBody>;
export type PriceUpdateBody = RequestOf<typeof priceUpdateBody>;
export type PriceListQuery = RequestOf<typeof priceListQuery>;
export type ProductListQuery = RequestOf<typeof productListQuery>;
