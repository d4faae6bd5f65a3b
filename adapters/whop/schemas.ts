// JSON schemas of the Whop routes: they validate requests (400 in Whop's shape) and feed the
// OpenAPI 3.1 document. Unknown body fields are ignored, as Whop does.
const str = { type: ['string', 'null'] } as const;
const int = { type: ['integer', 'null'] } as const;
/** GraphQL's Int (32-bit signed): every integer of a request ends in one, so the schema bounds it first. */
const INT_MAX = 2_147_483_647;
const num = { type: ['number', 'null'], minimum: 0 } as const;
const bool = { type: ['boolean', 'null'] } as const;
const obj = { type: ['object', 'null'], additionalProperties: true } as const;
const enumOf = (values: string[]) => ({ type: ['string', 'null'], enum: [...values, null] });
const timestamp = { type: ['string', 'integer'], description: 'ISO 8601 from 2026-07-08-1; unix seconds before.' } as const;

export const paymentMethodConfiguration = {
  type: ['object', 'null'],
  properties: {
    enabled: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'array', items: { type: 'string' } },
    include_platform_defaults: { type: 'boolean' },
  },
} as const;

export const planBody = {
  type: 'object',
  properties: {
    account_id: str,
    company_id: str,
    product_id: str,
    currency: str,
    title: { type: ['string', 'null'], maxLength: 255 },
    description: str,
    plan_type: enumOf(['renewal', 'one_time']),
    release_method: enumOf(['buy_now', 'waitlist']),
    visibility: enumOf(['visible', 'hidden', 'archived', 'quick_link']),
    initial_price: num,
    renewal_price: num,
    billing_period: { type: ['integer', 'null'], minimum: 1, maximum: 3650 },
    expiration_days: { type: ['integer', 'null'], minimum: 1, maximum: INT_MAX },
    trial_period_days: { type: ['integer', 'null'], minimum: 0, maximum: 730 },
    stock: { type: ['integer', 'null'], minimum: 0, maximum: INT_MAX },
    unlimited_stock: bool,
    override_tax_type: enumOf(['inclusive', 'exclusive', 'unspecified']),
    three_ds_level: str,
    internal_notes: str,
    metadata: obj,
    payment_method_configuration: paymentMethodConfiguration,
    force_create_new_plan: bool,
  },
} as const;

export const configurationBody = {
  type: 'object',
  properties: {
    account_id: { ...str, description: 'biz_ id of the owner (from 2026-07-20).' },
    company_id: { ...str, description: 'biz_ id of the owner (before 2026-07-20).' },
    mode: { type: 'string', enum: ['payment', 'setup'], default: 'payment' },
    plan_id: str,
    plan: { ...planBody, type: ['object', 'null'] },
    currency: str,
    affiliate_code: str,
    metadata: obj,
    redirect_url: { type: ['string', 'null'], maxLength: 2048 },
    three_ds_level: str,
    payment_method_configuration: paymentMethodConfiguration,
  },
} as const;

export const productBody = {
  type: 'object',
  properties: {
    account_id: str,
    company_id: str,
    title: { type: 'string', minLength: 1, maxLength: 80 },
    description: str,
    visibility: enumOf(['visible', 'hidden', 'archived', 'quick_link']),
    route: str,
    headline: str,
    metadata: obj,
  },
} as const;

export const idParams = (description: string) =>
  ({ type: 'object', required: ['id'], properties: { id: { type: 'string', description } } }) as const;

const pageQuery = {
  account_id: { type: 'string' },
  company_id: { type: 'string' },
  first: { type: 'integer', minimum: 1, description: 'Page size: default 25, at most 100.' },
  after: { type: 'string' },
  before: { type: 'string' },
  direction: { type: 'string', enum: ['asc', 'desc'] },
  order: { type: 'string', enum: ['created_at'] },
  created_after: { type: 'string', description: 'Unix seconds or ISO 8601.' },
  created_before: { type: 'string', description: 'Unix seconds or ISO 8601.' },
} as const;

export const configurationListQuery = { type: 'object', properties: { ...pageQuery, plan_id: { type: 'string' } } } as const;
export const planListQuery = { type: 'object', properties: { ...pageQuery, 'product_ids[]': { type: 'string' }, product_ids: { type: 'string' } } } as const;
export const productListQuery = { type: 'object', properties: pageQuery } as const;

const embeddedPlan = {
  type: ['object', 'null'],
  properties: {
    id: { type: 'string' }, adaptive_pricing_enabled: { type: 'boolean' }, billing_period: int, currency: { type: 'string' },
    expiration_days: int, initial_price: { type: 'number' }, plan_type: { type: 'string' }, release_method: { type: 'string' },
    renewal_price: { type: 'number' }, three_ds_level: str, trial_period_days: int, visibility: { type: 'string' },
  },
} as const;

export const configurationResponse = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    account_id: { type: 'string', description: 'From 2026-07-20 (company_id before).' },
    company_id: { type: 'string', description: 'Before 2026-07-20.' },
    created_at: timestamp,
    updated_at: timestamp,
    mode: { type: 'string', enum: ['payment', 'setup'] },
    currency: str,
    plan: embeddedPlan,
    affiliate_code: str,
    metadata: obj,
    redirect_url: str,
    purchase_url: str,
    three_ds_level: str,
    payment_method_configuration: paymentMethodConfiguration,
    effective_payment_method_configuration: { ...paymentMethodConfiguration, description: 'From 2026-08-21-1.' },
  },
} as const;

export const pageResponse = (item: object) =>
  ({
    type: 'object',
    properties: {
      data: { type: 'array', items: item },
      page_info: {
        type: 'object',
        properties: { end_cursor: str, start_cursor: str, has_next_page: { type: 'boolean' }, has_previous_page: { type: 'boolean' } },
      },
    },
  }) as const;

export const planResponse = { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, title: { type: 'string' } } } as const;
export const productResponse = { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, title: { type: 'string' } } } as const;
export const deletedResponse = { type: 'object', properties: { id: { type: 'string' }, deleted: { type: 'boolean' } } } as const;
export const trueResponse = { type: 'boolean' } as const;
