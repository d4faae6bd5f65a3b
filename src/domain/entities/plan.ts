import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Product, VISIBILITIES } from './product.ts';
import { TAX_BEHAVIORS } from './price.ts';

export const PLAN_STATUSES = ['draft', 'active', 'archived'] as const;
export const PLAN_TYPES = ['renewal', 'one_time'] as const;
export const RELEASE_METHODS = ['buy_now', 'waitlist'] as const;

/** A sellable plan of tiers. The single-price fields hold plans as Whop models them. */
export const PlanSchema = defineEntity({
  name: 'Plan',
  uniques: [{ properties: ['organisation', 'mode', 'code'] }, { properties: ['organisation', 'mode', 'fingerprint'] }],
  properties: {
    ...tenantProps(),
    code: p.string().length(64),
    name: p.string().length(255),
    description: p.text().nullable(),
    status: p.enum(PLAN_STATUSES).default('draft'),
    allowCheckout: p.boolean().default(true),
    familyId: p.uuid().nullable(),
    originProduct: () => p.manyToOne(Product).mapToPk().nullable().deleteRule('set null'),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    planType: p.enum(PLAN_TYPES).nullable(),
    releaseMethod: p.enum(RELEASE_METHODS).nullable(),
    visibility: p.enum(VISIBILITIES).nullable(),
    initialPrice: p.bigint('number').nullable(),
    renewalPrice: p.bigint('number').nullable(),
    currency: p.string().length(3).nullable(),
    billingPeriodDays: p.integer().nullable(),
    expirationDays: p.integer().nullable(),
    trialPeriodDays: p.integer().nullable(),
    threeDsLevel: p.string().length(32).nullable(),
    taxType: p.enum(TAX_BEHAVIORS).nullable(),
    paymentMethodConfiguration: p.json<Record<string, unknown>>().nullable(),
    internalNotes: p.text().nullable(),
    stock: p.integer().nullable(),
    unlimitedStock: p.boolean().default(true),
    /**
     * SHA-256 of the input of a plan created with reuseIdentical, to sell it again to an identical
     * request (Whop inline plans); null once the plan changes. Unique per tenant and mode.
     */
    fingerprint: p.string().length(64).nullable(),
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class Plan extends PlanSchema.class {}
PlanSchema.setClass(Plan);
