// Coupons and promotion codes: GraphQL <-> Stripe-shaped LeanRails objects and request bodies.
import type {
  CouponDuration,
  CreateCouponInput,
  CreatePromotionCodeInput,
  LeanRailsCouponFieldsFragment,
  LeanRailsPromotionCodeFieldsFragment,
} from '../../../src/generated/operations.ts';
import { ids } from '../ids.ts';
import type { CouponCreateBody, PromotionCodeCreateBody } from '../schemas/coupons.ts';

export type { CouponCreateBody, PromotionCodeCreateBody };
import { decodeRef, lower, metadataIn, metadataOut, unix, upper } from './common.ts';

const fromUnix = (seconds: number | null | undefined): string | null => (seconds == null ? null : new Date(seconds * 1000).toISOString());

export function toLeanRailsCoupon(c: LeanRailsCouponFieldsFragment) {
  return {
    id: ids.coupon.encode(c.id),
    object: 'coupon' as const,
    amount_off: c.amountOff ?? null,
    applies_to: c.appliesToProducts.length > 0 ? { products: c.appliesToProducts.map((p) => ids.product.encode(p.id)) } : null,
    created: unix(c.createdAt),
    currency: lower(c.currency),
    duration: lower(c.duration) as 'once' | 'repeating' | 'forever',
    duration_in_months: c.durationInMonths ?? null,
    livemode: c.livemode,
    max_redemptions: c.maxRedemptions ?? null,
    metadata: metadataOut(c.metadata),
    name: c.name ?? null,
    percent_off: c.percentOff ?? null,
    redeem_by: c.redeemBy ? unix(c.redeemBy) : null,
    times_redeemed: c.timesRedeemed,
    valid: c.valid,
  };
}

export function toLeanRailsPromotionCode(p: LeanRailsPromotionCodeFieldsFragment) {
  return {
    id: ids.promotionCode.encode(p.id),
    object: 'promotion_code' as const,
    active: p.active,
    code: p.code,
    coupon: toLeanRailsCoupon(p.coupon),
    created: unix(p.createdAt),
    customer: null,
    expires_at: p.expiresAt ? unix(p.expiresAt) : null,
    livemode: p.livemode,
    max_redemptions: p.maxRedemptions ?? null,
    metadata: metadataOut(p.metadata),
    restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: p.timesRedeemed,
  };
}

export function toCreateCouponInput(b: CouponCreateBody): CreateCouponInput {
  return {
    name: b.name ?? null,
    percentOff: b.percent_off ?? null,
    amountOff: b.amount_off ?? null,
    currency: b.currency ?? null,
    duration: upper<CouponDuration>(b.duration ?? 'once'),
    durationInMonths: b.duration_in_months ?? null,
    maxRedemptions: b.max_redemptions ?? null,
    redeemBy: fromUnix(b.redeem_by),
    appliesToProducts: (b.applies_to?.products ?? []).map((id, i) => decodeRef(ids.product, id, 'product', ['applies_to', 'products', String(i)])),
    ...(b.metadata ? { metadata: metadataIn(b.metadata) } : {}),
  };
}

export function toCreatePromotionCodeInput(b: PromotionCodeCreateBody): CreatePromotionCodeInput {
  return {
    couponId: decodeRef(ids.coupon, b.coupon, 'coupon', ['coupon']),
    code: b.code,
    active: b.active ?? null,
    maxRedemptions: b.max_redemptions ?? null,
    expiresAt: fromUnix(b.expires_at),
    ...(b.metadata ? { metadata: metadataIn(b.metadata) } : {}),
  };
}
