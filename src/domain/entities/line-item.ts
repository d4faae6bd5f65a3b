import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { CheckoutLink } from './checkout-link.ts';
import { Plan } from './plan.ts';
import { PlanTier } from './plan-tier.ts';
import { Price } from './price.ts';
import { Product } from './product.ts';

export const LINE_ITEM_TYPES = ['product', 'plan', 'price'] as const;

export interface PeriodValue {
  contractPeriod: string | null;
  cancellationPeriod: string | null;
}

/** An item a checkout link sells. Inline price data is stored as a Price row with inline=true. */
export const LineItemSchema = defineEntity({
  name: 'LineItem',
  properties: {
    ...tenantProps(),
    checkoutLink: () => p.manyToOne(CheckoutLink).mapToPk().deleteRule('cascade').index(),
    position: p.integer().default(0),
    type: p.enum(LINE_ITEM_TYPES),
    product: () => p.manyToOne(Product).mapToPk().nullable().deleteRule('cascade'),
    plan: () => p.manyToOne(Plan).mapToPk().nullable().deleteRule('cascade'),
    planTier: () => p.manyToOne(PlanTier).mapToPk().nullable().deleteRule('cascade'),
    price: () => p.manyToOne(Price).mapToPk().nullable().deleteRule('cascade').index(),
    quantity: p.integer().default(1),
    adjustableEnabled: p.boolean().default(false),
    adjustableMin: p.integer().nullable(),
    adjustableMax: p.integer().nullable(),
    periods: p.json<PeriodValue[]>().onCreate(() => []),
    description: p.string().length(500).nullable(),
  },
});
export class LineItem extends LineItemSchema.class {}
LineItemSchema.setClass(LineItem);
