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
    companyName: p.string().length(255).nullable(),
    billingAddress: p.json<Record<string, unknown>>().nullable(),
    couponCode: p.string().length(255).nullable(),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    completedAt: p.datetime().columnType('timestamptz').nullable(),
    expiresAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class CheckoutSession extends CheckoutSessionSchema.class {}
CheckoutSessionSchema.setClass(CheckoutSession);
