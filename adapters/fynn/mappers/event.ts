// Core events -> Fynn webhook events: a completed checkout session is `cart.completed` and
// `cart.paid` (a camelCase cart), products are `product.created` / `product.updated`, an
// archived plan is `price_plan.archived`. Fynn has no event for links, prices or expiries.
import type { EventView, SessionSnapshot } from '../../kernel/webhooks.ts';
import { v2Date } from './dates.ts';

/** The types the gateway delivers. */
export const FYNN_EMITTED_TYPES = ['cart.completed', 'cart.paid', 'product.created', 'product.updated', 'price_plan.archived'] as const;
type FynnType = (typeof FYNN_EMITTED_TYPES)[number];

/**
 * Every type Fynn documents (docs.fynn.eu webhooks): a webhook may subscribe to any of them, as
 * with Fynn; the gateway has nothing to say for most (no invoices, customers or subscriptions).
 */
export const FYNN_EVENT_TYPES = [
  ...FYNN_EMITTED_TYPES,
  'product.deleted',
  'product.archived',
  'coupon.created',
  'coupon.updated',
  'coupon.deleted',
  'coupon.toggled',
  'customer.created',
  'customer.updated',
  'customer.archived',
  'customer.unarchived',
  'customer.deleted',
  'customer.merged',
  'customer.parent.assigned',
  'customer.parent.removed',
  'payment_method.created',
  'payment_method.updated',
  'invoice.created',
  'invoice.finalized',
  'invoice.credited',
  'invoice.updated',
  'invoice.refunded',
  'invoice.canceled',
  'invoice.paid',
  'invoice.closed',
  'invoice.unpaid',
  'invoice.remindered',
  'invoice.requires_approval',
  'invoice.payment_method.updated',
  'invoice.pdf.generation_requested',
  'subscription.activated',
  'subscription.billed',
  'subscription.created',
  'subscription.changed',
  'subscription.invoice_address.updated',
  'subscription.delivery_address.updated',
  'subscription.payment_method.updated',
  'subscription.item.instant_metered',
  'subscription.item.metered',
  'subscription.item.quantity_changed',
  'subscription.products.ordered',
  'subscription.trial_expired',
  'subscription.trial_extended',
  'subscription.updated',
  'subscription.paused',
  'subscription.resumed',
  'subscription.canceled',
  'subscription.cancellation_revoked',
  'subscription.terminated',
  'subscription_item.terminated',
  'dunning_document.created',
  'dunning_document.paid',
  'dunning_document.canceled',
  'feature.created',
  'feature.activated',
  'feature.archived',
  'entitlement.state.updated',
] as const;
type Obj = Record<string, unknown>;

const date = (iso: unknown): string | null => (typeof iso === 'string' ? v2Date(iso) : null);

function cartOf(s: SessionSnapshot): Obj {
  return {
    id: s.id,
    checkoutLinkId: s.checkoutLink.id,
    status: s.status === 'complete' ? 'completed' : s.status,
    currency: s.currency,
    subtotalAmount: s.amountSubtotal,
    totalAmount: s.amountTotal,
    customerId: s.customerId,
    customerEmail: s.customerEmail,
    companyName: s.companyName,
    couponCode: s.couponCode,
    items: s.lines.map((l) => ({
      productId: l.productId,
      priceId: l.priceId,
      name: l.name,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      totalAmount: l.amountSubtotal,
      recurringInterval: l.recurringInterval,
      recurringIntervalCount: l.recurringIntervalCount,
    })),
    metadata: s.metadata ?? {},
    createdAt: date(s.createdAt),
    completedAt: date(s.completedAt),
  };
}

function productOf(p: Obj): Obj {
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? null,
    active: p.active,
    archived: Boolean(p.deletedAt),
    metadata: p.metadata ?? {},
    images: p.images ?? [],
    createdAt: date(p.createdAt),
    updatedAt: date(p.updatedAt),
  };
}

function planOf(p: Obj): Obj {
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    status: 'archived',
    description: p.description ?? null,
    createdAt: date(p.createdAt),
    updatedAt: date(p.updatedAt),
  };
}

export function fynnEvents(event: EventView): { type: FynnType; data: Obj }[] {
  const d = event.data as Obj;
  switch (event.type) {
    case 'checkout_session.completed': {
      const cart = cartOf(d as unknown as SessionSnapshot);
      return [
        { type: 'cart.completed', data: cart },
        { type: 'cart.paid', data: cart },
      ];
    }
    case 'product.created':
    case 'product.updated':
      return [{ type: event.type, data: productOf(d) }];
    case 'plan.archived':
      return [{ type: 'price_plan.archived', data: planOf(d) }];
    default:
      return [];
  }
}
