import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { PlanTier } from './plan-tier.ts';
import { Price } from './price.ts';
import { Product } from './product.ts';

export const PlanTierItemSchema = defineEntity({
  name: 'PlanTierItem',
  properties: {
    ...tenantProps(),
    tier: () => p.manyToOne(PlanTier).mapToPk().deleteRule('cascade').index(),
    product: () => p.manyToOne(Product).mapToPk().deleteRule('cascade'),
    price: () => p.manyToOne(Price).mapToPk().deleteRule('cascade').index(),
    defaultQuantity: p.integer().default(1),
    minQuantity: p.integer().nullable(),
    maxQuantity: p.integer().nullable(),
    quantityEditable: p.boolean().default(false),
    position: p.integer().default(0),
  },
});
export class PlanTierItem extends PlanTierItemSchema.class {}
PlanTierItemSchema.setClass(PlanTierItem);
