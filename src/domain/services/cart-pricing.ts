// The amounts of a cart for the storefront and the hosted page: per line, today's charge (trial
// and setup mode taken into account) and what renews later. The one place these are computed;
// its result has the shape of the pricing module's PricedCart (src/domain/pricing), so the
// pricing module takes over here when it lands.
import type { SessionLine } from '../entities/checkout-session.ts';
import { invalid } from '../errors.ts';

export interface PricedCartLine {
  unitAmount: number;
  quantity: number;
  amountSubtotal: number;
  inTrial: boolean;
  amountDueToday: number;
  recurring: { interval: string; intervalCount: number } | null;
}

export interface PricedSession {
  currency: string | null;
  lines: PricedCartLine[];
  amountSubtotal: number;
  amountDiscount: number;
  amountDueToday: number;
  amountTotal: number;
  trialDays: number | null;
  recurring: { interval: string; intervalCount: number; amount: number }[];
}

export interface PricingOptions {
  currency: string | null;
  trialDays: number | null;
  /** Setup-mode links save payment details: nothing is charged today. */
  setup: boolean;
}

function safe(value: number, path: string[]): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(path, 'The amount is too large.', 'AMOUNT__TOO_LARGE');
  return value;
}

export function priceSession(lines: readonly Pick<SessionLine, 'unitAmount' | 'quantity' | 'recurringInterval' | 'recurringIntervalCount'>[], options: PricingOptions): PricedSession {
  const trialDays = options.trialDays && options.trialDays > 0 ? options.trialDays : null;
  const priced = lines.map((line, i): PricedCartLine => {
    const amountSubtotal = safe(line.unitAmount * line.quantity, ['lines', String(i), 'quantity']);
    const recurring = line.recurringInterval ? { interval: line.recurringInterval, intervalCount: line.recurringIntervalCount ?? 1 } : null;
    const inTrial = trialDays !== null && recurring !== null;
    return {
      unitAmount: line.unitAmount,
      quantity: line.quantity,
      amountSubtotal,
      inTrial,
      amountDueToday: options.setup || inTrial ? 0 : amountSubtotal,
      recurring,
    };
  });
  const recurring: PricedSession['recurring'] = [];
  for (const line of priced) {
    if (!line.recurring) continue;
    const same = recurring.find((r) => r.interval === line.recurring!.interval && r.intervalCount === line.recurring!.intervalCount);
    if (same) same.amount = safe(same.amount + line.amountSubtotal, ['lines']);
    else recurring.push({ ...line.recurring, amount: line.amountSubtotal });
  }
  const amountSubtotal = safe(priced.reduce((sum, l) => sum + l.amountSubtotal, 0), ['lines']);
  const amountDueToday = safe(priced.reduce((sum, l) => sum + l.amountDueToday, 0), ['lines']);
  return { currency: options.currency, lines: priced, amountSubtotal, amountDiscount: 0, amountDueToday, amountTotal: amountDueToday, trialDays, recurring };
}
