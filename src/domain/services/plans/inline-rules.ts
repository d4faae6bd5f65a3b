// The rules between the fields of plan items that create their product or price inline, checked
// with the plan's input before anything is written (plans/input.ts); the rows themselves are
// created by plans/inline.ts. Typed by shape, so the input module can use it without a cycle.
import type { Reason, Violation } from '../../errors.ts';
import { isCurrency, parseDecimal } from '../../money.ts';
import type { PriceData } from '../catalog/prices.ts';

/** What the rules read of a tier's items. */
export interface TierShape {
  items: readonly { productId?: string | null; product?: unknown; priceId?: string | null; price?: PriceData | null }[];
}

/** The plan's origin product: an existing one (id) or one created with the plan (`P`). */
export interface Origin<P = unknown> {
  originProductId?: string | null;
  originProduct?: P | null;
}

const violation = (path: string[], reason: Reason, message: string): Violation => ({ path, reason, message, code: 'VALIDATION' });

/** What buildPrice would refuse in inline price data (currency, decimal amount), as violations. */
function priceViolations(price: PriceData, path: string[]): Violation[] {
  if (!isCurrency(price.currency)) return [violation([...path, 'currency'], 'CURRENCY__UNKNOWN', `Unknown currency "${price.currency}".`)];
  if (price.unitAmount == null && price.unitAmountDecimal != null) {
    const amount = parseDecimal(price.unitAmountDecimal, price.currency.toUpperCase());
    if (amount === null || amount < 0 || amount > 99_999_999_999) {
      const message = `Must be a non-negative decimal with at most the digits of ${price.currency.toUpperCase()}.`;
      return [violation([...path, 'unitAmountDecimal'], 'AMOUNT__INVALID', message)];
    }
  }
  return [];
}

/**
 * Per item: at most one of productId and product (neither = the plan's origin product), exactly
 * one of priceId and price, no existing price for a new product; inline prices well-formed.
 */
export function inlineViolations(tiers: readonly TierShape[], origin: Origin): Violation[] {
  const out: Violation[] = [];
  if (origin.originProductId != null && origin.originProduct != null) {
    out.push(violation(['originProduct'], 'PLAN__ORIGIN_PRODUCT_CONFLICT', 'Give at most one of originProductId and originProduct.'));
  }
  const hasOrigin = origin.originProductId != null || origin.originProduct != null;
  tiers.forEach((tier, i) => {
    tier.items.forEach((item, j) => {
      const path = ['tiers', String(i), 'items', String(j)];
      if (item.productId != null && item.product != null) {
        out.push(violation([...path, 'product'], 'PLAN_TIER_ITEM__PRODUCT_CONFLICT', 'Give at most one of productId and product.'));
      } else if (item.productId == null && item.product == null && !hasOrigin) {
        out.push(violation([...path, 'productId'], 'PLAN_TIER_ITEM__PRODUCT_MISSING', 'Give productId or product (or an origin product for the plan).'));
      }
      if (item.priceId != null && item.price != null) {
        out.push(violation([...path, 'price'], 'PLAN_TIER_ITEM__PRICE_CONFLICT', 'Give exactly one of priceId and price.'));
      } else if (item.priceId == null && item.price == null) {
        out.push(violation([...path, 'priceId'], 'PLAN_TIER_ITEM__PRICE_MISSING', 'Give exactly one of priceId and price.'));
      } else if (item.priceId != null && item.productId == null && (item.product != null || origin.originProduct != null)) {
        out.push(violation([...path, 'priceId'], 'PRICE__PRODUCT_MISMATCH', 'An existing price cannot belong to a product created with the plan.'));
      }
      if (item.price) out.push(...priceViolations(item.price, [...path, 'price']));
    });
  });
  return out;
}
