// Whop promo codes (@whop/sdk PromoCode) <-> a gateway coupon with one promotion code.
// promo_type percentage: amount_off is the percent; flat_amount: major units of base_currency.
// promo_duration_months > 0: the discount lasts that many months (repeating); 0: every payment
// (forever). stock: the redemptions allowed (unlimited_stock: no limit). README: "Promo codes".
import type { CouponDuration, CreateCouponInput, WhopPromoCodeFragment } from '../../../src/generated/operations.ts';
import { unprocessable } from '../errors.ts';
import { toWhopAccount, type AccountInfo } from './plan.ts';
import { productId, promoCodeId } from '../ids.ts';
import type { JsonObject } from '../versions.ts';
import { isCurrency, toMajor, toMinor } from './money.ts';
import { iso } from './time.ts';
import type { PromoCodeBody } from '../schemas/promo-codes.ts';

export type { PromoCodeBody };

export function toCreateCouponInput(b: PromoCodeBody): CreateCouponInput {
  if (!isCurrency(b.base_currency)) throw unprocessable('CURRENCY__UNKNOWN', `Unknown currency "${b.base_currency}".`, ['base_currency']);
  const months = b.promo_duration_months ?? 0;
  const duration: CouponDuration = months > 0 ? 'REPEATING' : 'FOREVER';
  let amount: { percentOff: number } | { amountOff: number; currency: string };
  if (b.promo_type === 'percentage') amount = { percentOff: b.amount_off };
  else {
    const minor = toMinor(b.amount_off, b.base_currency);
    if (minor === null || minor <= 0)
      throw unprocessable('AMOUNT__INVALID', `amount_off must be a positive amount with at most the decimals of ${b.base_currency.toUpperCase()}.`, [
        'amount_off',
      ]);
    amount = { amountOff: minor, currency: b.base_currency };
  }
  const product = b.product_id ? productId.decode(b.product_id) : null;
  if (b.product_id && !product) throw unprocessable('PRODUCT__NOT_FOUND', 'Product not found.', ['product_id']);
  const limited = b.unlimited_stock !== true && b.stock != null;
  return {
    ...amount,
    duration,
    ...(months > 0 ? { durationInMonths: months } : {}),
    ...(product ? { appliesToProducts: [product] } : {}),
    promotionCodes: [{ code: b.code, maxRedemptions: limited ? b.stock : null, expiresAt: b.expires_at ?? null }],
  };
}

export function toWhopPromoCode(p: WhopPromoCodeFragment, org: AccountInfo | null): JsonObject {
  const c = p.coupon;
  const currency = (c.currency ?? 'usd').toLowerCase();
  const product = c.appliesToProducts[0];
  return {
    id: promoCodeId.encode(p.id),
    amount_off: c.percentOff ?? toMajor(c.amountOff ?? 0, currency),
    churned_users_only: false,
    code: p.code,
    company: org ? { id: (toWhopAccount(org) as { id: string }).id, title: org.name } : null,
    created_at: iso(p.createdAt),
    currency,
    duration: c.duration.toLowerCase(),
    existing_memberships_only: false,
    expires_at: p.expiresAt ? iso(p.expiresAt) : null,
    new_users_only: false,
    one_per_customer: false,
    product: product ? { id: productId.encode(product.id), title: product.name } : null,
    promo_duration_months: c.durationInMonths ?? null,
    promo_type: c.percentOff != null ? 'percentage' : 'flat_amount',
    status: p.active ? 'active' : 'inactive',
    stock: p.maxRedemptions != null ? Math.max(0, p.maxRedemptions - p.timesRedeemed) : 0,
    unlimited_stock: p.maxRedemptions == null,
    uses: p.timesRedeemed,
  };
}
