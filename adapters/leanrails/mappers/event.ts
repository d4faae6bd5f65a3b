// Core events -> LeanRails event objects (Stripe-shaped, docs.fluveo.com): checkout.session.*,
// checkout_link.*, product.*, price.*. Plans have no LeanRails event.
import type { EventView, SessionSnapshot } from '../../kernel/webhooks.ts';
import { unix } from '../../kernel/webhooks.ts';
import { ids } from '../ids.ts';

export const LEANRAILS_API_VERSION = '2026-03-09';

const TYPES: Record<string, string> = {
  'checkout_session.completed': 'checkout.session.completed',
  'checkout_session.expired': 'checkout.session.expired',
  'checkout_link.created': 'checkout_link.created',
  'checkout_link.updated': 'checkout_link.updated',
  'checkout_link.deleted': 'checkout_link.deleted',
  'product.created': 'product.created',
  'product.updated': 'product.updated',
  'price.created': 'price.created',
  'price.updated': 'price.updated',
};
export const LEANRAILS_EVENT_TYPES = Object.values(TYPES);

/** LeanRails type names (or `group.*` wildcards) -> the core types they cover. */
export function coreTypesOf(names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    for (const [core, lr] of Object.entries(TYPES)) {
      if (name === '*' || lr === name || (name.endsWith('.*') && lr.startsWith(name.slice(0, -1)))) out.add(core);
    }
  }
  return [...out];
}

export const eventId = (uuid: string): string => ids.event.encode(uuid);
export const sessionId = (uuid: string): string => ids.session.encode(uuid);

type Obj = Record<string, any>;
const lower = (v: unknown): string | null => (typeof v === 'string' ? v.toLowerCase() : null);

/** A checkout.session object (also GET /v1/checkout/sessions/{id} shows this shape). */
export function toLeanRailsSession(s: SessionSnapshot, livemode: boolean): Obj & { id: string } {
  const paid = s.status === 'complete';
  const recurring = s.lines.some((l) => l.recurringInterval);
  return {
    id: sessionId(s.id),
    object: 'checkout.session',
    checkout_link: ids.link.encode(s.checkoutLink.id),
    status: s.status,
    payment_status: paid ? (s.amountTotal > 0 ? 'paid' : 'no_payment_required') : 'unpaid',
    amount_subtotal: s.amountSubtotal,
    amount_total: s.amountTotal,
    currency: lower(s.currency),
    customer_details: s.customerEmail || s.companyName ? { email: s.customerEmail, business_name: s.companyName } : null,
    customer_email: s.customerEmail,
    client_reference_id: s.customerId,
    metadata: s.metadata ?? {},
    mode: recurring ? 'subscription' : s.checkoutLink.checkoutMode === 'order' ? 'order' : 'payment',
    created: unix(s.createdAt),
    expires_at: unix(s.expiresAt),
    livemode,
  };
}

function linkObject(l: Obj, livemode: boolean): Obj {
  return {
    id: ids.link.encode(l.id),
    object: 'checkout_link',
    active: l.active && !l.deletedAt,
    mode: l.checkoutMode === 'order' ? 'order' : 'payment',
    title: l.title ?? '',
    description: l.description ?? null,
    currency: lower(l.currency),
    metadata: l.metadata ?? {},
    created: unix(l.createdAt),
    livemode,
    ...(l.deletedAt ? { deleted: true } : {}),
  };
}

function productObject(p: Obj, livemode: boolean): Obj {
  return {
    id: ids.product.encode(p.id),
    object: 'product',
    active: p.active && !p.deletedAt,
    name: p.name,
    description: p.description ?? null,
    images: p.images ?? [],
    metadata: p.metadata ?? {},
    default_price: p.defaultPrice ? ids.price.encode(p.defaultPrice) : null,
    created: unix(p.createdAt),
    updated: unix(p.updatedAt),
    livemode,
  };
}

function priceObject(p: Obj, livemode: boolean): Obj {
  return {
    id: ids.price.encode(p.id),
    object: 'price',
    active: p.active,
    product: ids.product.encode(p.product),
    currency: lower(p.currency),
    unit_amount: p.unitAmount,
    type: p.recurringInterval ? 'recurring' : 'one_time',
    recurring: p.recurringInterval ? { interval: p.recurringInterval, interval_count: p.recurringIntervalCount ?? 1 } : null,
    tax_behavior: p.taxBehavior,
    nickname: p.nickname ?? null,
    lookup_key: p.lookupKey ?? null,
    metadata: p.metadata ?? {},
    created: unix(p.createdAt),
    livemode,
  };
}

/** previous_attributes in LeanRails names (only for fields the object shows). */
function previousAttributes(object: Obj, previous: Obj | null, rename: Record<string, string>): Obj | undefined {
  if (!previous) return undefined;
  const out: Obj = {};
  for (const [key, value] of Object.entries(previous)) {
    const name = rename[key] ?? key;
    if (name in object) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

const RENAMES: Record<string, string> = { unitAmount: 'unit_amount', defaultPrice: 'default_price', lookupKey: 'lookup_key', taxBehavior: 'tax_behavior' };

/** The LeanRails type and data.object of a core event, or null when LeanRails has no such event. */
export function leanrailsEvent(event: EventView): { type: string; object: Obj; previous?: Obj } | null {
  const type = TYPES[event.type];
  if (!type) return null;
  const livemode = event.mode === 'live';
  const d = event.data as Obj;
  const object = event.type.startsWith('checkout_session.')
    ? toLeanRailsSession(d as SessionSnapshot, livemode)
    : event.type.startsWith('checkout_link.')
      ? linkObject(d, livemode)
      : event.type.startsWith('product.')
        ? productObject(d, livemode)
        : priceObject(d, livemode);
  return { type, object, previous: previousAttributes(object, event.previous, RENAMES) };
}

/** The whole event object (delivery body, GET /v1/events/{id}). */
export function toLeanRailsEventFromView(event: EventView, apiVersion: string | null, pendingWebhooks: number): (Obj & { id: string; type: string }) | null {
  const mapped = leanrailsEvent(event);
  if (!mapped) return null;
  return {
    id: eventId(event.id),
    object: 'event',
    api_version: apiVersion ?? LEANRAILS_API_VERSION,
    type: mapped.type,
    created: unix(event.createdAt.toISOString()),
    livemode: event.mode === 'live',
    pending_webhooks: pendingWebhooks,
    request: { id: null, idempotency_key: null },
    data: { object: mapped.object, ...(mapped.previous ? { previous_attributes: mapped.previous } : {}) },
  };
}
