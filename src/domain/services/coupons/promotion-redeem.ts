// A buyer's promotion code on a cart: found case-insensitively in the cart's tenant, checked
// (active, not expired, not used up, applicable to the cart's currency and products), turned
// into the pricing module's Discount. Applying it re-prices the session; completing counts the
// redemption on the code and its coupon under row locks, so with a limit of N exactly N redeem.
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { Coupon, PromotionCode, type CheckoutLink, type CheckoutSession } from '../../entities/index.ts';
import type { SessionLine } from '../../entities/checkout-session.ts';
import { type DomainError, rule, type Reason } from '../../errors.ts';
import type { Discount } from '../../pricing/index.ts';
import { percentOf } from './coupons.ts';

/** The input field a refusal names (the storefront's promotionCode; the page's promotion_code). */
export const CODE_FIELD = 'promotionCode';

const refuse = (reason: Reason, message: string): DomainError => rule(reason, message, [CODE_FIELD]);

export const refusals = {
  notAllowed: () => refuse('COUPON__NOT_ALLOWED', 'Promotion codes cannot be used with this checkout.'),
  unknown: (text: string) => refuse('PROMOTION_CODE__UNKNOWN', `"${text}" is not a valid promotion code.`),
  inactive: () => refuse('PROMOTION_CODE__INACTIVE', 'This promotion code is no longer active.'),
  expired: () => refuse('PROMOTION_CODE__EXPIRED', 'This promotion code has expired.'),
  exhausted: () => refuse('PROMOTION_CODE__EXHAUSTED', 'This promotion code has reached its redemption limit.'),
  currency: (currency: string) => refuse('PROMOTION_CODE__NOT_APPLICABLE', `This promotion code is for orders in ${currency} only.`),
  products: () => refuse('PROMOTION_CODE__NOT_APPLICABLE', 'This promotion code does not apply to the items in this order.'),
};

/** The coupon as the pricing module's Discount, labelled with the code the buyer typed. */
export function discountOf(coupon: Coupon, label: string | null): Discount {
  return {
    percentOff: percentOf(coupon),
    amountOff: coupon.amountOff ?? null,
    currency: coupon.currency ?? null,
    duration: coupon.duration,
    durationInMonths: coupon.durationInMonths ?? null,
    productIds: coupon.appliesToProducts?.length ? coupon.appliesToProducts : null,
    label,
  };
}

/** Throws the refusal when the code or its coupon cannot be redeemed on this cart now. */
export function checkRedeemable(code: PromotionCode, coupon: Coupon | null, cart: { currency: string | null; lines: SessionLine[] }, now = new Date()): void {
  if (!code.active || !coupon || coupon.deletedAt) throw refusals.inactive();
  if ((code.expiresAt && code.expiresAt <= now) || (coupon.redeemBy && coupon.redeemBy <= now)) throw refusals.expired();
  if (
    (code.maxRedemptions != null && code.timesRedeemed >= code.maxRedemptions) ||
    (coupon.maxRedemptions != null && coupon.timesRedeemed >= coupon.maxRedemptions)
  ) {
    throw refusals.exhausted();
  }
  if (coupon.amountOff != null && (coupon.currency ?? '').toUpperCase() !== (cart.currency ?? '').toUpperCase()) throw refusals.currency(coupon.currency ?? '');
  const only = coupon.appliesToProducts ?? [];
  if (only.length > 0 && !cart.lines.some((l) => l.productId && only.includes(l.productId))) throw refusals.products();
}

/** The code a buyer typed, with its coupon, checked against the cart (em in the cart's tenant). */
export async function findRedeemable(
  em: EntityManager,
  link: CheckoutLink,
  text: string,
  cart: { currency: string | null; lines: SessionLine[] },
): Promise<{ code: PromotionCode; coupon: Coupon }> {
  if (link.couponsAllowed !== true) throw refusals.notAllowed();
  const key = text.trim().toUpperCase();
  const code = key.length > 0 && key.length <= 64 ? await em.findOne(PromotionCode, { codeKey: key }) : null;
  if (!code) throw refusals.unknown(text.trim().slice(0, 64));
  const coupon = await em.findOne(Coupon, { id: code.coupon });
  checkRedeemable(code, coupon, cart);
  return { code, coupon: coupon! };
}

/**
 * Counts one redemption of the session's code and coupon, in the caller's transaction: both
 * rows are locked (FOR UPDATE, coupon first) and checked again, so concurrent completions past
 * a limit are refused. Returns the discount to price the completion with.
 */
export async function redeem(em: EntityManager, session: CheckoutSession, cart: { currency: string | null; lines: SessionLine[] }): Promise<Discount | null> {
  if (!session.promotionCode) return null;
  const first = await em.findOne(PromotionCode, { id: session.promotionCode });
  const coupon = first ? await em.findOne(Coupon, { id: first.coupon }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  const code = first ? await em.findOne(PromotionCode, { id: first.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  if (!code) throw refusals.inactive();
  checkRedeemable(code, coupon, cart);
  code.timesRedeemed += 1;
  coupon!.timesRedeemed += 1;
  return discountOf(coupon!, code.code);
}
