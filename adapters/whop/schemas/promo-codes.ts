// /promo_codes: the request body (PromoCodeCreateParams).
import type { RequestOf } from '../../kernel/request-types.ts';
import { INT_MAX } from '../../../src/contract/limits.ts';

export const promoBody = {
  type: 'object',
  properties: {
    amount_off: { type: 'number', exclusiveMinimum: 0, maximum: 99999999999 },
    base_currency: { type: 'string', minLength: 3, maxLength: 8 },
    code: { type: 'string', minLength: 1, maxLength: 64 },
    company_id: { type: 'string', maxLength: 64 },
    account_id: { type: 'string', maxLength: 64 },
    new_users_only: { type: 'boolean' },
    promo_duration_months: { type: 'integer', minimum: 0, maximum: 1200 },
    promo_type: { type: 'string', enum: ['percentage', 'flat_amount'] },
    churned_users_only: { type: ['boolean', 'null'] },
    existing_memberships_only: { type: ['boolean', 'null'] },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
    one_per_customer: { type: ['boolean', 'null'] },
    plan_ids: { type: ['array', 'null'], maxItems: 0, items: { type: 'string' } },
    product_id: { type: ['string', 'null'], maxLength: 64 },
    stock: { type: ['integer', 'null'], minimum: 0, maximum: INT_MAX },
    unlimited_stock: { type: ['boolean', 'null'] },
  },
  required: ['amount_off', 'base_currency', 'code', 'promo_type'],
  additionalProperties: false,
} as const;

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type PromoCodeBody = RequestOf<typeof promoBody>;
