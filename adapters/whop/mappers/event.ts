// Core events -> Whop v1 webhook events (the @whop/sdk `UnwrapWebhookEvent` shapes): a completed
// checkout session is `payment.succeeded` (a Payment with every field the SDK type requires,
// null where the gateway has no such fact) and, when it sold a renewal plan (or a recurring
// price), `membership.activated`. Whop has no event for links, products, prices or expiries.
import { digestId, type EventView, type SessionSnapshot } from '../../kernel/webhooks.ts';
import { encodeId } from '../../../src/contract/ids.ts';
import { accountId, configurationId, planId, productId } from '../ids.ts';
import { toMajor } from './money.ts';

/** The types the gateway delivers. */
export const WHOP_EMITTED_TYPES = ['payment.succeeded', 'membership.activated'] as const;

/** Every `WebhookEvent` of @whop/sdk: a webhook may subscribe to any, as with Whop; only the emitted ones arrive. */
export const WHOP_EVENT_TYPES = [
  ...WHOP_EMITTED_TYPES,
  'invoice.created',
  'invoice.marked_uncollectible',
  'invoice.paid',
  'invoice.past_due',
  'invoice.voided',
  'membership.deactivated',
  'membership.trial_ending_soon',
  'membership.cancel_at_period_end_changed',
  'entry.created',
  'entry.approved',
  'entry.denied',
  'entry.deleted',
  'setup_intent.requires_action',
  'setup_intent.succeeded',
  'setup_intent.canceled',
  'ledger_account.funds_available',
  'withdrawal.created',
  'withdrawal.updated',
  'course_lesson_interaction.completed',
  'payout_method.created',
  'verification.succeeded',
  'identity_profile.approved',
  'identity_profile.rejected',
  'identity_profile.needs_action',
  'identity_profile.updated',
  'payout_account.status_updated',
  'resolution_center_case.created',
  'resolution_center_case.updated',
  'resolution_center_case.decided',
  'chat.message.created',
  'chat.reaction.created',
  'payment.created',
  'payment.failed',
  'payment.pending',
  'dispute.created',
  'dispute.updated',
  'refund.created',
  'refund.updated',
  'dispute_alert.created',
] as const;

type Obj = Record<string, unknown>;

/** A user id for the buyer: Whop users have ids; the gateway knows an email, so the id derives from it. */
function userOf(s: SessionSnapshot): Obj | null {
  if (!s.customerEmail) return null;
  return {
    id: `user_${digestId('user', s.customerEmail.toLowerCase()).slice(0, 14)}`,
    email: s.customerEmail,
    name: null,
    username: s.customerEmail.split('@')[0] ?? '',
  };
}

const DAY_MS = 86_400_000;

function renewalOf(s: SessionSnapshot): { periodDays: number } | null {
  if (s.plan?.planType === 'renewal') return { periodDays: s.plan.billingPeriodDays ?? 30 };
  const line = s.lines.find((l) => l.recurringInterval);
  if (!line) return null;
  const unit = { day: 1, week: 7, month: 30, year: 365 }[line.recurringInterval as 'day'] ?? 30;
  return { periodDays: unit * (line.recurringIntervalCount ?? 1) };
}

function productOf(s: SessionSnapshot) {
  const line = s.lines.find((l) => l.productId) ?? null;
  const id = line?.productId ?? s.plan?.originProduct ?? null;
  return id ? { id: productId.encode(id), title: line?.name ?? s.plan?.name ?? '', metadata: {} as Obj } : null;
}

function paymentOf(s: SessionSnapshot, event: EventView): Obj {
  const currency = (s.currency ?? 'usd').toLowerCase();
  const total = toMajor(s.amountTotal, currency.toUpperCase());
  const subtotal = toMajor(s.amountSubtotal, currency.toUpperCase());
  const renewal = renewalOf(s);
  const product = productOf(s);
  const paidAt = s.completedAt ?? event.createdAt.toISOString();
  return {
    id: encodeId('pay', s.id),
    amount_after_fees: total,
    application_fee: null,
    auto_refunded: false,
    billing_address: null,
    billing_reason: renewal ? 'subscription_create' : 'one_time',
    card_brand: null,
    checkout_configuration_id: configurationId.encode(s.checkoutLink.id),
    company: { id: accountId.encode(event.organisationId), route: event.organisation.slug, title: event.organisation.name },
    created_at: s.createdAt,
    currency,
    dispute_alerted_at: null,
    disputes: [],
    failure_message: null,
    financing_installments_count: null,
    financing_transactions: [],
    last_payment_attempt: paidAt,
    member: null,
    membership: renewal ? { id: encodeId('mem', s.id), phone_number: null, status: 'active' } : null,
    metadata: s.metadata ?? {},
    next_payment_attempt: null,
    paid_at: paidAt,
    payment_method: null,
    payment_method_type: null,
    payments_failed: 0,
    plan: s.plan ? { id: planId.encode(s.plan.id), internal_notes: s.plan.internalNotes, metadata: s.plan.metadata ?? {} } : null,
    product: product ? { id: product.id, metadata: product.metadata, route: event.organisation.slug, title: product.title } : null,
    promo_code: null,
    refundable: false,
    refunded_amount: null,
    refunded_at: null,
    refunds: [],
    resolutions: [],
    retryable: false,
    risk_score: null,
    risk_signals: null,
    settlement_amount: total,
    settlement_currency: currency,
    settlement_exchange_rate: null,
    shipping_address: null,
    status: 'paid',
    substatus: 'succeeded',
    subtotal,
    tax_amount: null,
    tax_behavior: null,
    tax_refunded_amount: null,
    three_ds_verified: false,
    total,
    updated_at: s.updatedAt,
    usd_total: currency === 'usd' ? total : null,
    user: userOf(s),
    voidable: false,
  };
}

function membershipOf(s: SessionSnapshot, event: EventView, periodDays: number): Obj {
  const start = s.completedAt ?? event.createdAt.toISOString();
  const product = productOf(s);
  return {
    id: encodeId('mem', s.id),
    cancel_at_period_end: false,
    cancel_option: null,
    canceled_at: null,
    cancellation_reason: null,
    checkout_configuration_id: configurationId.encode(s.checkoutLink.id),
    company: { id: accountId.encode(event.organisationId), title: event.organisation.name },
    created_at: start,
    currency: (s.currency ?? 'usd').toLowerCase(),
    custom_field_responses: [],
    joined_at: start,
    license_key: null,
    manage_url: null,
    member: null,
    metadata: s.metadata ?? {},
    payment_collection_paused: false,
    plan: { id: s.plan ? planId.encode(s.plan.id) : encodeId('plan', s.checkoutLink.id), metadata: s.plan?.metadata ?? {} },
    product: { id: product?.id ?? encodeId('prod', s.checkoutLink.id), metadata: product?.metadata ?? {}, title: product?.title ?? '' },
    promo_code: null,
    renewal_period_end: new Date(new Date(start).getTime() + periodDays * DAY_MS).toISOString(),
    renewal_period_start: start,
    status: 'active',
    updated_at: s.updatedAt,
    user: userOf(s),
  };
}

/** The Whop events (type and data) of a core event. */
export function whopEvents(event: EventView): { type: (typeof WHOP_EMITTED_TYPES)[number]; data: Obj }[] {
  if (event.type !== 'checkout_session.completed') return [];
  const s = event.data as unknown as SessionSnapshot;
  const out: { type: (typeof WHOP_EMITTED_TYPES)[number]; data: Obj }[] = [{ type: 'payment.succeeded', data: paymentOf(s, event) }];
  const renewal = renewalOf(s);
  if (renewal) out.push({ type: 'membership.activated', data: membershipOf(s, event, renewal.periodDays) });
  return out;
}
