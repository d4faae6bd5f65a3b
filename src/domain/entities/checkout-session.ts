import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { CheckoutLink } from './checkout-link.ts';
import { PromotionCode } from './promotion-code.ts';

export const SESSION_STATUSES = ['open', 'complete', 'expired'] as const;

/** One line of a cart, frozen when the cart was made; the amounts are the pricing module's. */
export interface SessionLine {
  lineItemId: string | null;
  productId: string | null;
  priceId: string | null;
  name: string;
  quantity: number;
  minQuantity: number | null;
  maxQuantity: number | null;
  quantityEditable: boolean;
  unitAmount: number;
  amountSubtotal: number;
  recurringInterval: string | null;
  recurringIntervalCount: number | null;
  /** Per unit, charged once at checkout (a single-price plan's initial price). */
  unitSetupFee?: number;
  /** False: charged today even during a trial (price applyTrial = false). */
  trialApplies?: boolean;
  /** setup fee x quantity. */
  setupFee?: number;
  inTrial?: boolean;
  /** Off this line's part of today's charge. */
  amountDiscount?: number;
  /** This line's part of today's charge, after discount. */
  amountDueToday?: number;
  /** Off each renewal of this line while the discount lasts. */
  recurringDiscount?: number;
}

/** A recurring amount of a cart per billing period (the pricing module's RecurringTotal). */
export interface SessionRecurring {
  interval: string;
  intervalCount: number;
  amount: number;
  amountDiscount: number;
  amountAfterDiscount: number;
}

/** The discount applied to a cart (from a promotion code). */
export interface SessionDiscount {
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
  percentOff: number | null;
  amountOff: number | null;
  label: string | null;
}

/** One payment attempt on a session (card details are never stored: brand and last 4 only). */
export interface PaymentAttempt {
  at: string;
  provider: string;
  status: 'succeeded' | 'failed';
  amount: number;
  currency: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  /** e.g. card_declined, insufficient_funds (failed attempts). */
  code: string | null;
  declineCode: string | null;
  message: string | null;
  /** The provider's reference of the charge or setup (succeeded attempts). */
  reference: string | null;
}

/** The cart: a snapshot of a link's items, prices, quantities, currency and totals. */
export const CheckoutSessionSchema = defineEntity({
  name: 'CheckoutSession',
  properties: {
    ...tenantProps(),
    checkoutLink: () => p.manyToOne(CheckoutLink).mapToPk().deleteRule('cascade').index(),
    status: p.enum(SESSION_STATUSES).default('open'),
    currency: p.string().length(3).nullable(),
    lines: p.json<SessionLine[]>().onCreate(() => []),
    amountSubtotal: p.bigint('number').default(0),
    amountTotal: p.bigint('number').default(0),
    /** Off today's charge (amountTotal = amountSubtotal - amountDiscount: what is due today). */
    amountDiscount: p.bigint('number').default(0),
    setupFees: p.bigint('number').default(0),
    trialDays: p.integer().nullable(),
    recurring: p.json<SessionRecurring[]>().onCreate(() => []),
    discount: p.json<SessionDiscount>().nullable(),
    customerId: p.string().length(255).nullable(),
    customerEmail: p.string().length(320).nullable(),
    customerName: p.string().length(255).nullable(),
    companyName: p.string().length(255).nullable(),
    billingAddress: p.json<Record<string, unknown>>().nullable(),
    couponCode: p.string().length(255).nullable(),
    /** The promotion code applied to the cart (its redemption is counted at completion). */
    promotionCode: () => p.manyToOne(PromotionCode).mapToPk().nullable().deleteRule('set null'),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    /** SHA-256 of the session's client secret (the browser's credential for this one session). */
    clientSecretHash: p.string().length(64).nullable().hidden(),
    /** The buyer-facing order reference, given at completion. */
    orderReference: p.string().length(32).nullable().unique(),
    paymentAttempts: p.json<PaymentAttempt[]>().onCreate(() => []),
    completedAt: p.datetime().columnType('timestamptz').nullable(),
    expiresAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class CheckoutSession extends CheckoutSessionSchema.class {}
CheckoutSessionSchema.setClass(CheckoutSession);
