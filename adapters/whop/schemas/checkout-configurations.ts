// JSON schemas of the checkout configurations: body (with an inline plan), list query, response.
import type { RequestOf } from '../../kernel/request-types.ts';
import { int, obj, pageQuery, paymentMethodConfiguration, str, timestamp } from './common.ts';
import { planBody } from './plans.ts';

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

export const configurationListQuery = { type: 'object', properties: { ...pageQuery, plan_id: { type: 'string' } } } as const;

const embeddedPlan = {
  type: ['object', 'null'],
  properties: {
    id: { type: 'string' },
    adaptive_pricing_enabled: { type: 'boolean' },
    billing_period: int,
    currency: { type: 'string' },
    expiration_days: int,
    initial_price: { type: 'number' },
    plan_type: { type: 'string' },
    release_method: { type: 'string' },
    renewal_price: { type: 'number' },
    three_ds_level: str,
    trial_period_days: int,
    visibility: { type: 'string' },
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

// Request types derived from the schemas above (adapters/kernel/request-types.ts).
export type CreateConfigurationBody = RequestOf<typeof configurationBody>;
