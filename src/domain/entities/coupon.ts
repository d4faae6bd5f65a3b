import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

export const COUPON_DURATIONS = ['once', 'repeating', 'forever'] as const;

/**
 * A discount: percent off (basis points, 1..10000) or an amount off in one currency; for one
 * charge, some months, or forever; optionally limited to products, a number of redemptions and a
 * last date. Buyers use it through its promotion codes.
 */
export const CouponSchema = defineEntity({
  name: 'Coupon',
  indexes: [{ properties: ['organisation', 'mode', 'id'] }],
  properties: {
    ...tenantProps(),
    name: p.string().length(255).nullable(),
    percentOffBasisPoints: p.integer().nullable(),
    amountOff: p.bigint('number').nullable(),
    currency: p.string().length(3).nullable(),
    duration: p.enum(COUPON_DURATIONS).default('once'),
    durationInMonths: p.integer().nullable(),
    maxRedemptions: p.integer().nullable(),
    redeemBy: p.datetime().columnType('timestamptz').nullable(),
    timesRedeemed: p.integer().default(0),
    /** Product ids the coupon is limited to; empty = every product. */
    appliesToProducts: p.json<string[]>().onCreate(() => []),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class Coupon extends CouponSchema.class {}
CouponSchema.setClass(Coupon);
