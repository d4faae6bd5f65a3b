// The pricing module's input (a cart) and output (the priced cart). All amounts are integer
// minor units of the cart's currency.

export type Interval = 'day' | 'week' | 'month' | 'year';

export interface Recurrence {
  interval: Interval | string;
  intervalCount: number;
}

/** One line of a cart, as the catalogue prices it. */
export interface CartLine {
  /** Per unit: per period for a recurring line, once for a one-time line. */
  unitAmount: number;
  quantity: number;
  recurring: Recurrence | null;
  /** Per unit, charged once at checkout apart from the recurring price (Whop initial_price). */
  setupFee?: number | null;
  /** False: the line is charged today even during a trial (Fynn applyTrial = false). Default true. */
  trialApplies?: boolean | null;
  /** For coupons limited to products. */
  productId?: string | null;
}

export type DiscountDuration = 'once' | 'repeating' | 'forever';

/** A coupon's effect, as the pricing module needs it. */
export interface Discount {
  /** Percent off with up to two decimals (0 < p <= 100); or amountOff. */
  percentOff?: number | null;
  /** Minor units of `currency`, off each charge (capped at the charge). */
  amountOff?: number | null;
  currency?: string | null;
  duration: DiscountDuration;
  durationInMonths?: number | null;
  /** Only lines of these products are discounted; null or empty = every line. */
  productIds?: string[] | null;
  /** Shown with the amounts (the promotion code or coupon name). */
  label?: string | null;
}

export interface Cart {
  currency: string | null;
  lines: CartLine[];
  /** Days of free trial for recurring lines (0 / null = none). */
  trialDays?: number | null;
  discount?: Discount | null;
}

export interface PricedLine {
  unitAmount: number;
  quantity: number;
  /** unitAmount x quantity: per period (recurring) or once. */
  amountSubtotal: number;
  /** setupFee x quantity, charged once today. */
  setupFee: number;
  /** True when the line's recurring price starts after the trial (not due today). */
  inTrial: boolean;
  /** The discount on this line's share of today's charge. */
  amountDiscount: number;
  /** What this line adds to today's charge, after discount. */
  amountDueToday: number;
  /** The discount on each renewal of this line while the coupon lasts (0 when none). */
  recurringDiscount: number;
  recurring: Recurrence | null;
  discountable: boolean;
}

export interface RecurringTotal extends Recurrence {
  /** The regular amount per period. */
  amount: number;
  /** Off each period while the discount lasts (forever, or for durationInMonths). */
  amountDiscount: number;
  /** amount - amountDiscount. */
  amountAfterDiscount: number;
}

export interface AppliedDiscount {
  duration: DiscountDuration;
  durationInMonths: number | null;
  percentOff: number | null;
  amountOff: number | null;
  label: string | null;
}

export interface PricedCart {
  currency: string | null;
  lines: PricedLine[];
  /** Sum of the setup fees (due today, also during a trial). */
  setupFees: number;
  /** Charged once at checkout apart from the recurring amounts: setup fees plus one-time lines (before discount). */
  amountOnce: number;
  /** Today's charge before discount: setup fees plus every line not in trial. */
  amountSubtotal: number;
  /** Off today's charge. */
  amountDiscount: number;
  /** Today's charge: amountSubtotal - amountDiscount. */
  amountDueToday: number;
  /** Same as amountDueToday: the session's total. */
  amountTotal: number;
  trialDays: number | null;
  /** One entry per distinct billing period, in the order first seen. */
  recurring: RecurringTotal[];
  discount: AppliedDiscount | null;
}
