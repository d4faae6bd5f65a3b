// What a Whop plan charges, read from the pricing module's summary (GraphQL PriceSummary): the
// face never multiplies. initial_price = what the checkout charges once apart from the renewals
// (setup / initial fees plus one-time items); renewal_price = the recurring amount per
// billing_period days; trial_period_days = the trial.
import type { WhopPricesFragment } from '../../../src/generated/operations.ts';
import { toMajor } from './money.ts';

const DAYS: Record<string, number> = { DAY: 1, WEEK: 7, MONTH: 30, YEAR: 365 };

export interface WhopAmounts {
  plan_type: 'renewal' | 'one_time';
  initial_price: number;
  renewal_price: number;
  billing_period: number | null;
  trial_period_days: number | null;
}

/** The Whop amounts of a priced plan or tier. A tier renewing on several periods shows its first one (README). */
export function whopAmounts(prices: WhopPricesFragment, fallbackCurrency: string): WhopAmounts {
  const currency = prices.currency ?? fallbackCurrency;
  const first = prices.recurring[0];
  return {
    plan_type: first ? 'renewal' : 'one_time',
    initial_price: toMajor(prices.amountOnce, currency),
    renewal_price: first ? toMajor(first.amount, currency) : 0,
    billing_period: first ? (DAYS[first.interval] ?? 1) * first.intervalCount : null,
    trial_period_days: prices.trialDays ?? null,
  };
}
