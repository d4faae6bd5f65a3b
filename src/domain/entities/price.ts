import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Product } from './product.ts';
import { SalesChannel } from './sales-channel.ts';

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export const TAX_BEHAVIORS = ['inclusive', 'exclusive', 'unspecified'] as const;
export const PRICING_MODELS = ['flat', 'per_unit', 'tiered', 'volume', 'stair_step', 'percentage'] as const;

/** Money is an integer count of minor units plus an ISO 4217 currency (upper case). */
export const PriceSchema = defineEntity({
  name: 'Price',
  properties: {
    ...tenantProps(),
    product: () => p.manyToOne(Product).mapToPk().deleteRule('cascade').index(),
    currency: p.string().length(3),
    unitAmount: p.bigint('number'),
    recurringInterval: p.enum(INTERVALS).nullable(),
    recurringIntervalCount: p.integer().nullable(),
    recurringPeriodDays: p.integer().nullable(),
    taxBehavior: p.enum(TAX_BEHAVIORS).default('unspecified'),
    pricingModel: p.enum(PRICING_MODELS).default('per_unit'),
    trialDays: p.integer().nullable(),
    applyTrial: p.boolean().default(true),
    active: p.boolean().default(true),
    inline: p.boolean().default(false),
    nickname: p.string().length(255).nullable(),
    lookupKey: p.string().length(255).nullable(),
    salesChannel: () => p.manyToOne(SalesChannel).mapToPk().nullable().deleteRule('set null'),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
  },
});
export class Price extends PriceSchema.class {}
PriceSchema.setClass(Price);
