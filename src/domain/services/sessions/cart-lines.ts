// From catalogue rows to cart lines and from cart lines to the pricing module's Cart: the only
// place that decides which amount of a row a line charges. Pure (rows in, values out), so the
// session, the GraphQL fields and the faces all derive amounts the same way.
import type { CheckoutLink, LineItem, Plan, Price, Product } from '../../entities/index.ts';
import type { SessionDiscount, SessionLine, SessionRecurring } from '../../entities/checkout-session.ts';
import { priceCart, type Cart, type CartLine, type Discount, type PricedCart } from '../../pricing/index.ts';

export interface SinglePrice {
  unitAmount: number;
  setupFee: number;
  recurringInterval: string | null;
  recurringIntervalCount: number | null;
}

/**
 * The amounts of a single-price plan (a plan with a planType, as Whop models it): a renewal plan
 * charges its renewal price every billingPeriodDays days plus its initial price once at
 * checkout; a one-time plan charges its initial price once. Null for a plan of tiers.
 */
export function singlePriceOf(plan: Plan | null | undefined): SinglePrice | null {
  if (!plan || plan.planType == null) return null;
  if (plan.planType === 'renewal') {
    const days = plan.billingPeriodDays ?? 30;
    return { unitAmount: plan.renewalPrice ?? 0, setupFee: plan.initialPrice ?? 0, recurringInterval: 'day', recurringIntervalCount: days };
  }
  return { unitAmount: plan.initialPrice ?? plan.renewalPrice ?? 0, setupFee: 0, recurringInterval: null, recurringIntervalCount: null };
}

/** The rows of one line item (or plan tier item). */
export interface LineRows {
  price?: Price | null;
  plan?: Plan | null;
  product?: Product | null;
}

/**
 * The amounts a line charges: a single-price plan's own fields win (the tier item price Whop
 * plans carry is only their catalogue record); else the price; else nothing.
 */
export function lineAmountsOf(rows: LineRows): SinglePrice & { trialApplies: boolean } {
  const single = singlePriceOf(rows.plan);
  if (single) return { ...single, trialApplies: true };
  const price = rows.price;
  return {
    unitAmount: price?.unitAmount ?? 0,
    setupFee: 0,
    recurringInterval: price?.recurringInterval ?? null,
    recurringIntervalCount: price?.recurringInterval ? (price.recurringIntervalCount ?? 1) : null,
    trialApplies: price?.applyTrial ?? true,
  };
}

/** A link's line item as an (unpriced) cart line. */
export function sessionLineOf(link: CheckoutLink, item: LineItem, rows: LineRows): SessionLine {
  const amounts = lineAmountsOf(rows);
  const editable = item.adjustableEnabled || link.quantityEditable;
  return {
    lineItemId: item.id,
    productId: rows.product?.id ?? item.product ?? rows.price?.product ?? null,
    priceId: rows.price?.id ?? null,
    name: rows.product?.name ?? rows.plan?.name ?? item.description ?? 'Item',
    quantity: item.quantity,
    minQuantity: editable ? (item.adjustableMin ?? 1) : null,
    maxQuantity: editable ? (item.adjustableMax ?? 999) : null,
    quantityEditable: editable,
    unitAmount: amounts.unitAmount,
    amountSubtotal: 0,
    recurringInterval: amounts.recurringInterval,
    recurringIntervalCount: amounts.recurringIntervalCount,
    unitSetupFee: amounts.setupFee,
    trialApplies: amounts.trialApplies,
  };
}

/** The free trial a link gives: its own trialDays, else its plan's trial_period_days. */
export function trialDaysOf(link: Pick<CheckoutLink, 'trialDays'>, plan: Pick<Plan, 'trialPeriodDays'> | null | undefined): number | null {
  const days = link.trialDays ?? plan?.trialPeriodDays ?? null;
  return days && days > 0 ? days : null;
}

export const cartLineOf = (line: SessionLine): CartLine => ({
  unitAmount: line.unitAmount,
  quantity: line.quantity,
  recurring: line.recurringInterval ? { interval: line.recurringInterval, intervalCount: line.recurringIntervalCount ?? 1 } : null,
  setupFee: line.unitSetupFee ?? 0,
  trialApplies: line.trialApplies ?? true,
  productId: line.productId,
});

export interface PricedSession {
  lines: SessionLine[];
  amountSubtotal: number;
  amountDiscount: number;
  amountTotal: number;
  setupFees: number;
  amountOnce: number;
  trialDays: number | null;
  recurring: SessionRecurring[];
  discount: SessionDiscount | null;
  priced: PricedCart;
}

/**
 * Prices cart lines (with `quantities` when the buyer changed them). A VALIDATION error of the
 * pricing module names the line as `lines.<i>.<field>`; callers re-path it for their input.
 */
export function priceLines(
  lines: SessionLine[],
  currency: string | null,
  trialDays: number | null,
  discount: Discount | null = null,
  quantities?: number[],
): PricedSession {
  const withQty = lines.map((line, i) => ({ ...line, quantity: quantities?.[i] ?? line.quantity }));
  const cart: Cart = { currency, trialDays, discount, lines: withQty.map(cartLineOf) };
  const priced = priceCart(cart);
  return {
    lines: withQty.map((line, i) => {
      const p = priced.lines[i]!;
      return {
        ...line,
        amountSubtotal: p.amountSubtotal,
        setupFee: p.setupFee,
        inTrial: p.inTrial,
        amountDiscount: p.amountDiscount,
        amountDueToday: p.amountDueToday,
        recurringDiscount: p.recurringDiscount,
      };
    }),
    amountSubtotal: priced.amountSubtotal,
    amountDiscount: priced.amountDiscount,
    amountTotal: priced.amountTotal,
    setupFees: priced.setupFees,
    amountOnce: priced.amountOnce,
    trialDays: priced.trialDays,
    recurring: priced.recurring.map((r) => ({ ...r, interval: String(r.interval) })),
    discount: priced.discount,
    priced,
  };
}
