// The one place money is computed: a cart -> lines, setup fees, trial, discount, amount due
// today and recurring amounts per billing period. Pure (no I/O, no clock). Every intermediate is
// a bounded BigInt; a result beyond Number.MAX_SAFE_INTEGER is a VALIDATION error naming the
// line and field, never a wrong number.
import { invalid } from '../errors.ts';
import { add, allocate, type AmountPath, bounded, minor, mul, mulDivRound, num, sum } from './amounts.ts';
import type { AppliedDiscount, Cart, CartLine, Discount, PricedCart, PricedLine, RecurringTotal } from './types.ts';

/** Basis points (hundredths of a percent) of a percentOff with at most two decimals. */
export function percentBasisPoints(percentOff: number, path: string[] = ['percentOff']): bigint {
  const bp = Math.round(percentOff * 100);
  if (!Number.isFinite(percentOff) || bp <= 0 || bp > 10_000 || Math.abs(bp - percentOff * 100) > 1e-6) {
    throw invalid(path, 'percentOff must be more than 0 and at most 100, with at most two decimals.', 'COUPON__PERCENT_INVALID');
  }
  return BigInt(bp);
}

interface LineBase {
  line: CartLine;
  subtotal: bigint;
  setup: bigint;
  inTrial: boolean;
  discountable: boolean;
}

function baseOf(line: CartLine, i: number, trial: boolean, discount: Discount | null | undefined): LineBase {
  const at = (field: string, what: string): AmountPath => ({ path: ['lines', String(i), field], what });
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
    throw invalid(['lines', String(i), 'quantity'], 'The quantity must be a whole, non-negative number.', 'QUANTITY__INVALID');
  }
  const qty = BigInt(line.quantity);
  const unit = minor(line.unitAmount, at('unitAmount', 'The unit amount'));
  const subtotal = mul(unit, qty, at('quantity', 'The line amount (unit amount x quantity)'));
  const setup = mul(minor(line.setupFee ?? 0, at('setupFee', 'The setup fee')), qty, at('quantity', 'The setup fee x quantity'));
  const inTrial = trial && line.recurring !== null && line.trialApplies !== false;
  const only = discount?.productIds?.length ? new Set(discount.productIds) : null;
  const discountable = !!discount && (!only || (!!line.productId && only.has(line.productId)));
  return { line, subtotal, setup, inTrial, discountable };
}

/**
 * The discount on one charge made of `parts` (each a line's part of the charge; only the
 * discountable ones count): percent per part, rounded half up; amount off spread over the parts
 * in proportion, capped at their sum.
 */
function discountCharge(parts: bigint[], discountable: boolean[], discount: Discount | null | undefined, at: AmountPath): bigint[] {
  if (!discount) return parts.map(() => 0n);
  const eligible = parts.map((p, i) => (discountable[i] ? p : 0n));
  if (discount.percentOff != null) {
    const bp = percentBasisPoints(discount.percentOff);
    return eligible.map((p) => mulDivRound(p, bp, 10_000n));
  }
  const off = minor(discount.amountOff ?? 0, { ...at, what: 'The amount off' });
  const total = sum(eligible, at);
  return allocate(off < total ? off : total, eligible);
}

const periodKey = (line: CartLine): string => (line.recurring ? `${line.recurring.interval}/${line.recurring.intervalCount}` : '');

/** Prices a cart. Throws a VALIDATION error (path ['lines', i, field]) when an amount is out of range. */
export function priceCart(cart: Cart): PricedCart {
  const trialDays = cart.trialDays && cart.trialDays > 0 ? cart.trialDays : null;
  const discount = applicable(cart);
  const bases = cart.lines.map((line, i) => baseOf(line, i, trialDays !== null, discount));
  const at: AmountPath = { path: ['lines'], what: 'The cart total' };

  // Today's charge: every setup fee, every line not in trial.
  const today = bases.map((b, i) => add(b.setup, b.inTrial ? 0n : b.subtotal, { path: ['lines', String(i)], what: 'The line amount due today' }));
  const todayOff = discountCharge(
    today,
    bases.map((b) => b.discountable),
    discount,
    at,
  );

  // Each renewal: the recurring lines of one billing period form one charge.
  const lasts = !!discount && discount.duration !== 'once';
  const renewalOff = new Array<bigint>(bases.length).fill(0n);
  const groups = new Map<string, number[]>();
  bases.forEach((b, i) => {
    if (!b.line.recurring) return;
    const key = periodKey(b.line);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const recurring: RecurringTotal[] = [];
  for (const indexes of groups.values()) {
    const parts = indexes.map((i) => bases[i]!.subtotal);
    const offs = lasts
      ? discountCharge(
          parts,
          indexes.map((i) => bases[i]!.discountable),
          discount,
          at,
        )
      : parts.map(() => 0n);
    indexes.forEach((i, k) => {
      renewalOff[i] = offs[k]!;
    });
    const amount = sum(parts, { path: ['lines'], what: 'The recurring total' });
    const off = sum(offs, at);
    const first = bases[indexes[0]!]!.line.recurring!;
    recurring.push({
      interval: first.interval,
      intervalCount: first.intervalCount,
      amount: num(amount),
      amountDiscount: num(off),
      amountAfterDiscount: num(amount - off),
    });
  }

  const lines: PricedLine[] = bases.map((b, i) => ({
    unitAmount: b.line.unitAmount,
    quantity: b.line.quantity,
    amountSubtotal: num(b.subtotal),
    setupFee: num(b.setup),
    inTrial: b.inTrial,
    amountDiscount: num(todayOff[i]!),
    amountDueToday: num(today[i]! - todayOff[i]!),
    recurringDiscount: num(renewalOff[i]!),
    recurring: b.line.recurring ? { ...b.line.recurring } : null,
    discountable: b.discountable,
  }));
  const subtotal = sum(today, at);
  const off = bounded(sum(todayOff, at), at);
  const due = subtotal - off;
  return {
    currency: cart.currency,
    lines,
    setupFees: num(
      sum(
        bases.map((b) => b.setup),
        at,
      ),
    ),
    amountOnce: num(
      sum(
        bases.map((b) => (b.line.recurring ? b.setup : add(b.setup, b.subtotal, at))),
        at,
      ),
    ),
    amountSubtotal: num(subtotal),
    amountDiscount: num(off),
    amountDueToday: num(due),
    amountTotal: num(due),
    trialDays,
    recurring,
    discount: discount ? applied(discount) : null,
  };
}

/** The cart's discount when it can apply: an amount off only in its own currency. */
function applicable(cart: Cart): Discount | null {
  const d = cart.discount;
  if (!d) return null;
  if (d.percentOff == null && d.amountOff == null) return null;
  if (d.percentOff == null && (!d.currency || !cart.currency || d.currency.toUpperCase() !== cart.currency.toUpperCase())) return null;
  return d;
}

function applied(d: Discount): AppliedDiscount {
  return {
    duration: d.duration,
    durationInMonths: d.duration === 'repeating' ? (d.durationInMonths ?? null) : null,
    percentOff: d.percentOff ?? null,
    amountOff: d.percentOff == null ? (d.amountOff ?? null) : null,
    label: d.label ?? null,
  };
}
