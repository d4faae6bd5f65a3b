import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Coupon } from './coupon.ts';

/** The customer-facing code of a coupon. `code` is unique per organisation and mode, compared case-insensitively (codeKey). */
export const PromotionCodeSchema = defineEntity({
  name: 'PromotionCode',
  uniques: [{ properties: ['organisation', 'mode', 'codeKey'] }],
  properties: {
    ...tenantProps(),
    coupon: () => p.manyToOne(Coupon).mapToPk().deleteRule('cascade').index(),
    code: p.string().length(64),
    /** upper(code): what a buyer's input is matched against. */
    codeKey: p.string().length(64),
    active: p.boolean().default(true),
    maxRedemptions: p.integer().nullable(),
    expiresAt: p.datetime().columnType('timestamptz').nullable(),
    timesRedeemed: p.integer().default(0),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
  },
});
export class PromotionCode extends PromotionCodeSchema.class {}
PromotionCodeSchema.setClass(PromotionCode);
