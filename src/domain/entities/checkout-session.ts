import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { CheckoutLink } from './checkout-link.ts';

export const SESSION_STATUSES = ['open', 'complete', 'expired'] as const;

/** One line of a cart, frozen when the cart was made. */
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
    customerId: p.string().length(255).nullable(),
    customerEmail: p.string().length(320).nullable(),
    customerName: p.string().length(255).nullable(),
    companyName: p.string().length(255).nullable(),
    billingAddress: p.json<Record<string, unknown>>().nullable(),
    couponCode: p.string().length(255).nullable(),
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
