// JSON schemas of the classic products and price plans: bodies, objects (the nested `product` and
// `price` of a CheckoutLinkItem, test/fixtures/vendor/fynn-get-checkout-link-item.txt) and hydra collections.
import type { RequestOf } from '../../kernel/request-types.ts';
import { dateTime, INT_MAX, nullableString, uuid } from './common.ts';

const productTypes = ['product', 'charge', 'plan'] as const;
const priceTypes = ['flat_fee', 'per_unit', 'tiered', 'volume', 'stair_step', 'percentage'] as const;

export const classicProductInput = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255 },
    description: { type: ['string', 'null'], maxLength: 5000 },
    type: {
      type: 'string',
      enum: productTypes,
      description: 'product (recurring), charge (one-time) or plan (only inside a plan; left out of lists). Fixed once created.',
    },
    invoiceVisibility: { type: 'string', enum: ['always', 'only_if_charged'] },
    customFields: { type: ['object', 'null'] },
    // Accepted back as sent by a client that PUTs the object it read.
    id: { type: 'string' },
  },
} as const;

export const classicProduct = {
  type: 'object',
  properties: {
    id: uuid,
    name: { type: 'string' },
    description: nullableString,
    type: { type: 'string', enum: productTypes },
    invoiceVisibility: { type: 'string' },
    customFields: { type: 'object', additionalProperties: true },
  },
} as const;

export const classicPricePlanInput = {
  type: 'object',
  additionalProperties: false,
  properties: {
    product: { type: 'string', description: 'The UUID of the product.' },
    internalName: { type: ['string', 'null'], minLength: 3, maxLength: 255 },
    type: { type: 'string', enum: priceTypes },
    billingInterval: { type: ['string', 'null'], pattern: '^[0-9]{1,3}[DWMY]$', description: 'e.g. "1M", "1Y", "2W"; null = one-time.' },
    currencyCode: { type: 'string', pattern: '^[A-Za-z]{3}$' },
    price: {
      type: 'object',
      properties: { amount: { type: 'integer', minimum: 0, maximum: INT_MAX, description: 'Minor units (cents).' } },
    },
    applyTrial: { type: 'boolean' },
    salesChannel: { type: ['string', 'null'], description: 'Sales channel UUID or technical name.' },
    status: { type: 'string', enum: ['active', 'archived'] },
    // Read-only fields of the object, accepted (and ignored) from a client that PUTs back what it read.
    id: { type: 'string' },
    custom: { type: 'boolean' },
    inUse: { type: 'boolean' },
    checkoutLinkIds: { type: 'array' },
    payInAdvance: { type: 'boolean' },
    proRata: { type: 'boolean' },
    freeUnits: {},
    showPricePerInterval: { type: ['string', 'null'] },
    charge: { type: ['string', 'null'] },
    productSetOption: { type: ['string', 'null'] },
    customer: {},
  },
} as const;

export const classicPricePlan = {
  type: 'object',
  properties: {
    id: uuid,
    internalName: { type: 'string' },
    status: { type: 'string', enum: ['active', 'archived'] },
    salesChannel: { type: ['object', 'null'], additionalProperties: true },
    type: { type: 'string', enum: priceTypes },
    applyTrial: { type: 'boolean' },
    payInAdvance: { type: 'boolean' },
    proRata: { type: 'boolean' },
    freeUnits: { type: ['object', 'null'] },
    billingInterval: nullableString,
    showPricePerInterval: nullableString,
    currencyCode: { type: 'string' },
    price: {
      type: 'object',
      properties: { amount: { type: 'integer' }, createdAt: dateTime, updatedAt: dateTime, tenantId: { type: 'string' } },
    },
    custom: { type: 'boolean' },
    charge: nullableString,
    productSetOption: nullableString,
    product: { type: 'string' },
    customer: nullableString,
    inUse: { type: 'boolean' },
    checkoutLinkIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

const CLASSIC_MAX_PAGE = 1000;

export const classicCatalogQuery = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'object',
    properties: {
      // The core skips at most 100000 rows: page <= 1000 at 100 items per page.
      page: { type: 'integer', minimum: 1, maximum: CLASSIC_MAX_PAGE, default: 1 },
      itemsPerPage: { type: 'integer', minimum: 1, maximum: INT_MAX, default: 30, description: 'At most 100 are returned.' },
      ...extra,
    },
  }) as const;

const hydraView = {
  type: 'object',
  properties: {
    '@id': { type: 'string' },
    '@type': { type: 'string' },
    'hydra:first': { type: 'string' },
    'hydra:last': { type: 'string' },
    'hydra:previous': { type: 'string' },
    'hydra:next': { type: 'string' },
  },
} as const;

export const hydraCollectionOf = (item: object) =>
  ({
    type: 'object',
    properties: { 'hydra:member': { type: 'array', items: item }, 'hydra:totalItems': { type: 'integer' }, 'hydra:view': hydraView },
  }) as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type ClassicProductBody = RequestOf<typeof classicProductInput>;
export type ClassicPricePlanBody = RequestOf<typeof classicPricePlanInput>;
