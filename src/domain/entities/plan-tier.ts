import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Plan } from './plan.ts';

export const CHANGE_TIMINGS = ['immediately', 'end_of_period'] as const;
export const CREDIT_TYPES = ['pro_rata', 'full', 'last_invoiced', 'none'] as const;

export const PlanTierSchema = defineEntity({
  name: 'PlanTier',
  properties: {
    ...tenantProps(),
    plan: () => p.manyToOne(Plan).mapToPk().deleteRule('cascade').index(),
    name: p.string().length(255),
    position: p.integer().default(0),
    changeTiming: p.enum(CHANGE_TIMINGS).nullable(),
    creditType: p.enum(CREDIT_TYPES).nullable(),
  },
});
export class PlanTier extends PlanTierSchema.class {}
PlanTierSchema.setClass(PlanTier);
