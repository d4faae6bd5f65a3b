// The amounts of a cart for the storefront and the hosted page, from the pricing module
// (src/domain/pricing): per line, today's charge (setup fees, trial, discount, setup mode taken
// into account) and what renews later. Nothing here multiplies money itself.
import type { SessionLine } from '../../entities/checkout-session.ts';
import { priceCart, type Discount, type PricedCart } from '../../pricing/index.ts';
import { cartLineOf } from './cart-lines.ts';

export type PricedSession = PricedCart;
export type PricedCartLine = PricedCart['lines'][number];

export interface PricingOptions {
  currency: string | null;
  trialDays: number | null;
  /** Setup-mode links save payment details: nothing is charged today. */
  setup: boolean;
  /** The applied promotion code's coupon. */
  discount?: Discount | null;
}

export function priceSession(lines: readonly SessionLine[], options: PricingOptions): PricedSession {
  const priced = priceCart({ currency: options.currency, trialDays: options.trialDays, discount: options.discount ?? null, lines: lines.map(cartLineOf) });
  if (!options.setup) return priced;
  return {
    ...priced,
    lines: priced.lines.map((l) => ({ ...l, amountDiscount: 0, amountDueToday: 0 })),
    amountSubtotal: 0,
    amountDiscount: 0,
    amountDueToday: 0,
    amountTotal: 0,
  };
}
