// JSON schemas of the plans: body, list query, response.
import type { RequestOf } from '../../kernel/request-types.ts';
import { bool, enumOf, INT_MAX, num, obj, pageQuery, paymentMethodConfiguration, str } from './common.ts';

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

export const planListQuery = { type: 'object', properties: { ...pageQuery, 'product_ids[]': { type: 'string' }, product_ids: { type: 'string' } } } as const;

export const planResponse = { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, title: { type: 'string' } } } as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type WhopPlanBody = RequestOf<typeof planBody>;
