// JSON schemas of the Fynn routes: they validate requests and make the OpenAPI document.
// V2 shapes follow the seed fynn-v2-plan-checkout-links.openapi.txt; classic shapes follow the
// classic reference pages (F8-F11) and decisions.md.

export const SLUG_PATTERN = '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$';

const uuid = { type: 'string', format: 'uuid' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

/** GraphQL's Int (32-bit signed): every integer a request sends ends in one, so the schema bounds it first. */
const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'The UUID of the resource.' } },
} as const;

// ---------------------------------------------------------------------------------------------
// V2 plans

const planItemInput = {
  type: 'object',
  required: ['productId', 'pricePlanId'],
  properties: {
    id: { ...nullableString, description: 'Keep an existing item (PUT).' },
    productId: { type: 'string' },
    pricePlanId: { type: 'string' },
    defaultQuantity: { type: 'integer', minimum: 1, maximum: INT_MAX, default: 1 },
    minQuantity: { type: ['integer', 'null'], minimum: 0, maximum: INT_MAX },
    maxQuantity: { type: ['integer', 'null'], minimum: 1, maximum: INT_MAX },
    quantityEditable: { type: 'boolean', default: false },
  },
} as const;

const planTierInput = {
  type: 'object',
  required: ['name', 'items'],
  properties: {
    id: { ...nullableString, description: 'Keep an existing tier (PUT).' },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    position: { type: ['integer', 'null'], minimum: 0, maximum: INT_MAX },
    items: { type: 'array', items: planItemInput },
  },
} as const;

export const planInput = {
  type: 'object',
  required: ['code', 'name', 'tiers'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, pattern: SLUG_PATTERN, example: 'pro-plan', description: 'Stable, Organisation unique identifier in lower kebab case.' },
    name: { type: 'string', minLength: 1, maxLength: 255 },
    description: nullableString,
    tiers: { type: 'array', minItems: 1, items: planTierInput, description: 'Ordered by position.' },
  },
} as const;

const planItem = {
  type: 'object',
  properties: {
    id: uuid, productId: uuid, pricePlanId: uuid, defaultQuantity: { type: 'integer' },
    minQuantity: { type: ['integer', 'null'] }, maxQuantity: { type: ['integer', 'null'] }, quantityEditable: { type: 'boolean' },
  },
} as const;

export const plan = {
  type: 'object',
  properties: {
    id: uuid,
    code: { type: 'string' },
    name: { type: 'string' },
    description: nullableString,
    status: { type: 'string', enum: ['draft', 'active', 'archived'] },
    currency: { ...nullableString, description: 'Derived from the price plans, null when the plan has no items yet.' },
    tiers: {
      type: 'array',
      items: { type: 'object', properties: { id: uuid, name: { type: 'string' }, position: { type: 'integer' }, items: { type: 'array', items: planItem } } },
    },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

// ---------------------------------------------------------------------------------------------
// V2 plan checkout links

export const createPlanCheckoutLinkInput = {
  type: 'object',
  required: ['planTierId'],
  properties: {
    planTierId: { type: 'string', description: 'UUID of the tier the checkout link sells. Must belong to this plan.' },
    slug: { type: ['string', 'null'], minLength: 3, maxLength: 64, pattern: SLUG_PATTERN, description: 'Custom URL slug. When omitted a unique slug is generated.' },
    couponsAllowed: { type: 'boolean', default: false },
    isEnabled: { type: 'boolean', default: true },
    salesChannel: { type: ['string', 'null'], description: 'Sales channel as a UUID or as a technical name such as default.' },
  },
} as const;

export const planCheckoutLink = {
  type: 'object',
  properties: {
    id: uuid,
    slug: { type: 'string', example: 'pro-plan-pro' },
    planTierId: { type: 'string' },
    planTierName: { type: 'string', example: 'Pro' },
    couponsAllowed: { type: 'boolean' },
    isEnabled: { type: 'boolean' },
    url: { type: 'string', format: 'uri' },
    createdAt: dateTime,
    updatedAt: dateTime,
    salesChannel: {
      type: ['object', 'null'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, brandName: { type: 'string' } },
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Classic checkout links

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
      properties: { allowCoupons: looseBoolean, couponsAllowed: looseBoolean, forceCompany: looseBoolean, quantityEditable: looseBoolean, trialDays: looseInteger },
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
      properties: { allowCoupons: { type: 'boolean' }, forceCompany: { type: 'boolean' }, quantityEditable: { type: 'boolean' }, trialDays: { type: ['integer', 'null'] } },
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
          id: uuid, type: { type: 'string' }, product: nullableString, plan: nullableString, price: nullableString,
          quantity: { type: 'integer' }, periods: { type: 'array', items: classicPeriod },
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
  properties: { 'hydra:member': { type: 'array', items: classicLink }, 'hydra:totalItems': { type: 'integer' } },
} as const;

export const cartInput = {
  type: ['object', 'null'],
  properties: { customerId: nullableString, metadata: { type: ['array', 'object', 'null'] } },
} as const;

export const cart = {
  type: 'object',
  properties: { cartId: { type: 'string' }, customerId: nullableString, url: { type: 'string', format: 'uri' } },
} as const;
