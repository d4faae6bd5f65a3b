// The storefront operations: what a buyer's browser does with a checkout link and its session.
// Read a link by slug (no row made), start a session, read and update it, complete it through the
// payment provider. Access rules are in storefront-access.ts; amounts come from cart-pricing.ts.
import { randomBytes } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { CheckoutLink, CheckoutSession, Coupon, Plan, PlanTier, PromotionCode, SalesChannel } from '../../entities/index.ts';
import type { PaymentAttempt, SessionLine } from '../../entities/checkout-session.ts';
import { conflict, DomainError, LINK_STATE_REASONS, rule } from '../../errors.ts';
import type { Discount } from '../../pricing/index.ts';
import { trialDaysOf as trialDaysOfLink } from '../sessions/cart-lines.ts';
import { discountOf, findRedeemable, redeem, refusals } from '../coupons/promotion-redeem.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { CardDetails, PaymentOutcome } from '../../payments/provider.ts';
import { paymentProviderFor } from '../../payments/registry.ts';
import { priceSession, type PricedSession } from '../sessions/cart-pricing.ts';
import {
  createSession,
  currentDiscount,
  currentLinkState,
  isExpired,
  keepQuantities,
  linesChanged,
  noPaymentProvider,
  priceChanged,
  snapshotLines,
} from '../sessions/checkout-sessions.ts';
import { linkForStorefront, sessionForStorefront } from './access.ts';
import { checkComplete, checkUpdate, checkUpdateForCompletion, type SessionChanges, type StorefrontUpdate } from './input.ts';
import { sendableUrl } from '../../urls.ts';

/** What submitting the form does (src/checkout/labels.ts words it). */
export type SubmitAction = 'pay' | 'book' | 'donate' | 'subscribe' | 'start_trial' | 'save_details';

/** The action of a link's submit button: its submitType, or (auto) what its lines and trial make it. */
function submitActionOf(link: CheckoutLink, recurring: boolean, trialDays: number | null): SubmitAction {
  if (link.checkoutMode === 'setup') return 'save_details';
  if (link.submitType === 'auto') return recurring ? (trialDays ? 'start_trial' : 'subscribe') : 'pay';
  return link.submitType === 'book' || link.submitType === 'donate' ? link.submitType : 'pay';
}

/** A link as the storefront shows it, with its lines (the session's, or the link's own) priced. */
export interface StorefrontLinkView {
  link: CheckoutLink;
  title: string;
  brandName: string | null;
  trialDays: number | null;
  submitAction: SubmitAction;
  paymentAvailable: boolean;
  collectsCard: boolean;
  /** False when the link no longer sells (inactive, at its limit, its plan deleted). */
  available: boolean;
  lines: SessionLine[];
  priced: PricedSession;
}

export interface StorefrontSessionView extends StorefrontLinkView {
  session: CheckoutSession;
}

export interface PaymentError {
  code: string;
  declineCode: string | null;
  message: string;
}

function pricedFor(
  link: CheckoutLink,
  lines: readonly SessionLine[],
  currency: string | null,
  trialDays: number | null,
  discount: Discount | null = null,
): PricedSession {
  return priceSession(lines, { currency, trialDays, setup: link.checkoutMode === 'setup', discount });
}

/** Title, brand, trial and payment facts of a link (the em is in the link's tenant). */
async function describeLink(
  em: EntityManager,
  link: CheckoutLink,
  lines: SessionLine[],
  currency: string | null,
  discount: Discount | null = null,
  sessionTrial?: number | null,
): Promise<StorefrontLinkView> {
  const [plan, tier, channel, state] = await Promise.all([
    link.plan ? em.findOne(Plan, { id: link.plan }, { filters: false }) : null,
    link.planTier ? em.findOne(PlanTier, { id: link.planTier }, { filters: false }) : null,
    link.salesChannel ? em.findOne(SalesChannel, { id: link.salesChannel }, { filters: false }) : null,
    currentLinkState(em, link),
  ]);
  const planTitle = plan ? (tier ? `${plan.name} · ${tier.name}` : plan.name) : null;
  const title = link.title || planTitle || (lines.length === 1 ? lines[0]!.name : null) || 'Checkout';
  const trialDays = sessionTrial !== undefined ? sessionTrial : trialDaysOfLink(link, plan);
  const provider = paymentProviderFor(link.mode);
  const priced = pricedFor(link, lines, currency, trialDays, discount);
  const recurring = lines.some((l) => l.recurringInterval);
  const submitAction = submitActionOf(link, recurring, priced.trialDays);
  return {
    link,
    title,
    brandName: channel?.brandName ?? null,
    trialDays: priced.trialDays,
    submitAction,
    paymentAvailable: provider !== null,
    collectsCard: provider?.collectsCard ?? false,
    available: state === 'active',
    lines,
    priced,
  };
}

/** The link's lines with previewed quantities (checked like an update). */
function withQuantities(link: CheckoutLink, lines: SessionLine[], changes: SessionChanges): SessionLine[] {
  return lines.map((line, i) => {
    const quantity = changes.quantities.get(i);
    return quantity === undefined ? line : { ...line, quantity };
  });
}

/** Re-prices a session's lines after quantity changes (unit amounts stay as snapshotted). */
function repriced(
  link: CheckoutLink,
  lines: SessionLine[],
  currency: string | null,
  trialDays: number | null,
  discount: Discount | null = null,
): { lines: SessionLine[]; priced: PricedSession } {
  const priced = pricedFor(link, lines, currency, trialDays, discount);
  return { lines: lines.map((line, i) => ({ ...line, ...linePricing(priced.lines[i]!) })), priced };
}

/** The pricing module's amounts of one line, as stored on a session line. */
const linePricing = (p: PricedSession['lines'][number]) => ({
  amountSubtotal: p.amountSubtotal,
  setupFee: p.setupFee,
  inTrial: p.inTrial,
  amountDiscount: p.amountDiscount,
  amountDueToday: p.amountDueToday,
  recurringDiscount: p.recurringDiscount,
});

/** The pricing module's error on line i of a cart, as a VALIDATION error on that line's quantity input. */
function asQuantityError(error: unknown, prefix: string[] = []): unknown {
  if (!(error instanceof DomainError)) return error;
  const violations = error.violations.map((v) => (v.path[0] === 'lines' && v.path[1] ? { ...v, path: [...prefix, 'quantities', v.path[1], 'quantity'] } : v));
  return new DomainError(error.code, error.reason, error.message, violations);
}

/** A promotion code typed by the buyer, checked against the cart (refusals name `promotionCode`). */
async function codeFor(em: EntityManager, link: CheckoutLink, text: string, cart: { currency: string | null; lines: SessionLine[] }, prefix: string[] = []) {
  try {
    return await findRedeemable(em, link, text, cart);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(
      error.code,
      error.reason,
      error.message,
      error.violations.map((v) => ({ ...v, path: [...prefix, ...v.path] })),
    );
  }
}

// ------------------------------------------------------------------------------------ reads

/** storefrontCheckoutLink: a link by slug (available or not), priced for the previewed quantities. No row is written. */
export async function previewLink(
  ctx: ServiceContext,
  slug: string,
  preview: { quantities?: StorefrontUpdate['quantities']; promotionCode?: string | null } = {},
): Promise<StorefrontLinkView | null> {
  const em = ctx.em.fork({ clear: true });
  let link: CheckoutLink;
  try {
    link = await linkForStorefront(ctx, em, slug, { anonymous: true });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  const { lines, currency } = await snapshotLines(em, link);
  const changes = checkUpdate(link, lines, { quantities: preview.quantities, promotionCode: preview.promotionCode });
  const previewed = withQuantities(link, lines, changes);
  const hit = changes.couponCode ? await codeFor(em, link, changes.couponCode, { currency, lines: previewed }) : null;
  const discount = hit ? discountOf(hit.coupon, hit.code.code) : null;
  let view: StorefrontLinkView;
  try {
    view = await describeLink(em, link, previewed, currency, discount);
  } catch (error) {
    throw asQuantityError(error, ['preview']);
  }
  return { ...view, lines: repriced(link, view.lines, currency, view.trialDays, discount).lines };
}

/** The view of a session (the em in its tenant). */
export async function sessionView(em: EntityManager, session: CheckoutSession): Promise<StorefrontSessionView> {
  const link = await em.findOneOrFail(CheckoutLink, { id: session.checkoutLink }, { filters: false });
  return { ...(await describeLink(em, link, session.lines, session.currency ?? null, await currentDiscount(em, session), session.trialDays ?? null)), session };
}

/** storefrontSession: a session by client secret. */
export async function readSession(ctx: ServiceContext, clientSecret: string): Promise<StorefrontSessionView | null> {
  const em = ctx.em.fork({ clear: true });
  try {
    return await sessionView(em, await sessionForStorefront(ctx, em, clientSecret));
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

// -------------------------------------------------------------------------------- writes

/**
 * Applies checked changes to an open session: a promotion code typed (checked, or cleared with
 * an empty one), quantities, and the cart priced again by the pricing module with its discount.
 */
async function applyChanges(
  em: EntityManager,
  link: CheckoutLink,
  session: CheckoutSession,
  changes: SessionChanges,
  trialDays: number | null,
  prefix: string[] = [],
): Promise<void> {
  const lines = withQuantities(link, session.lines, changes);
  if (changes.couponCode !== undefined) {
    const typed = changes.couponCode?.trim() ?? '';
    const hit = typed ? await codeFor(em, link, typed, { currency: session.currency ?? null, lines }, prefix) : null;
    session.promotionCode = hit?.code.id ?? null;
    session.couponCode = hit?.code.code ?? null;
  }
  let priced: PricedSession;
  try {
    // The session's own trial, fixed (like its prices) when it was made.
    priced = pricedFor(link, lines, session.currency ?? null, session.trialDays ?? trialDays ?? null, await currentDiscount(em, session));
  } catch (error) {
    throw asQuantityError(error, prefix);
  }
  storePricing(session, lines, priced);
  if (changes.customerEmail !== undefined) session.customerEmail = changes.customerEmail;
  if (changes.customerName !== undefined) session.customerName = changes.customerName;
  if (changes.companyName !== undefined) session.companyName = changes.companyName;
  if (changes.billingAddress !== undefined) session.billingAddress = changes.billingAddress;
}

/** Writes the pricing module's result on the session (lines and every total). */
function storePricing(session: CheckoutSession, lines: SessionLine[], priced: PricedSession): void {
  session.lines = lines.map((line, i) => ({ ...line, ...linePricing(priced.lines[i]!) }));
  session.amountSubtotal = priced.amountSubtotal;
  session.amountDiscount = priced.amountDiscount;
  session.amountTotal = priced.amountTotal;
  session.setupFees = priced.setupFees;
  session.trialDays = priced.trialDays;
  session.recurring = priced.recurring.map((r) => ({ ...r, interval: String(r.interval) }));
  session.discount = priced.discount;
}

async function trialDaysOf(em: EntityManager, link: CheckoutLink): Promise<number | null> {
  const plan = link.plan ? await em.findOne(Plan, { id: link.plan }, { filters: false }) : null;
  return trialDaysOfLink(link, plan);
}

/** Refuses changes to a session that is not open, or whose link no longer sells. */
async function requireOpen(em: EntityManager, session: CheckoutSession, link: CheckoutLink): Promise<void> {
  if (session.status === 'complete') throw conflict('CHECKOUT_SESSION__ALREADY_COMPLETE', 'This checkout has already been completed.');
  if (isExpired(session)) throw conflict('CHECKOUT_SESSION__EXPIRED', 'This checkout session has expired.');
  const state = await currentLinkState(em, link);
  if (state !== 'active') throw rule(LINK_STATE_REASONS[state], 'This link no longer accepts orders.');
}

/** startCheckoutSession: makes the session of an active link (publishable key or hosted page), with its client secret. */
export async function startSession(
  ctx: ServiceContext,
  input: { slug: string; update?: StorefrontUpdate | null },
): Promise<{ view: StorefrontSessionView; clientSecret: string }> {
  const em = ctx.em.fork({ clear: true });
  const link = await linkForStorefront(ctx, em, input.slug, { anonymous: false });
  const state = await currentLinkState(em, link);
  if (state !== 'active') {
    throw rule(LINK_STATE_REASONS[state], state === 'exhausted' ? 'The link has reached its limit of completed sessions.' : 'The link is not active.', [
      'slug',
    ]);
  }
  const created = await em.transactional(async (tem) => {
    const made = await createSession(tem, link);
    if (input.update) {
      const changes = checkUpdate(link, made.session.lines, input.update, ['update']);
      await applyChanges(tem, link, made.session, changes, await trialDaysOf(tem, link), ['update']);
      await tem.flush();
    }
    return made;
  });
  return { view: await sessionView(em, created.session), clientSecret: created.clientSecret };
}

/** Locks the link then the session (the order completion uses), and re-reads both. */
async function lockedSession(em: EntityManager, sessionId: string): Promise<{ session: CheckoutSession; link: CheckoutLink }> {
  const first = await em.findOneOrFail(CheckoutSession, { id: sessionId });
  const link = await em.findOneOrFail(CheckoutLink, { id: first.checkoutLink }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  const session = await em.findOneOrFail(CheckoutSession, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return { session, link };
}

/** updateCheckoutSession: changes an open session. */
export async function updateSession(ctx: ServiceContext, clientSecret: string, input: StorefrontUpdate): Promise<StorefrontSessionView> {
  const em = ctx.em.fork({ clear: true });
  const found = await sessionForStorefront(ctx, em, clientSecret);
  const session = await em.transactional(async (tem) => {
    const { session, link } = await lockedSession(tem, found.id);
    await requireOpen(tem, session, link);
    await applyChanges(tem, link, session, checkUpdate(link, session.lines, input), await trialDaysOf(tem, link));
    await tem.flush();
    return session;
  });
  return sessionView(em, session);
}

const newOrderReference = (): string => `CG-${randomBytes(5).toString('hex').toUpperCase()}`;

function attemptOf(outcome: PaymentOutcome, provider: string, amount: number, currency: string | null): PaymentAttempt {
  const failed = outcome.status === 'failed';
  return {
    at: new Date().toISOString(),
    provider,
    status: outcome.status,
    amount,
    currency,
    cardBrand: outcome.cardBrand,
    cardLast4: outcome.cardLast4,
    code: failed ? outcome.code : null,
    declineCode: failed ? outcome.declineCode : null,
    message: failed ? outcome.message : null,
    reference: failed ? null : outcome.reference,
  };
}

/**
 * completeCheckoutSession: applies the last changes, checks the session is ready, and pays (or
 * saves the details of a setup-mode link) through the mode's provider, in one transaction holding
 * the link's row lock. A decline is recorded on the session, which stays open; success completes
 * the session, counts it on the link and deactivates the link at its limit.
 */
export async function completeSession(
  ctx: ServiceContext,
  clientSecret: string,
  input: { update?: StorefrontUpdate | null; payment?: { card?: CardDetails | null } | null },
): Promise<{ view: StorefrontSessionView; paymentError: PaymentError | null }> {
  const em = ctx.em.fork({ clear: true });
  const found = await sessionForStorefront(ctx, em, clientSecret);
  const result = await em.transactional(async (tem) => {
    const { session, link } = await lockedSession(tem, found.id);
    const provider = paymentProviderFor(link.mode);
    if (!provider) throw noPaymentProvider();
    await requireOpen(tem, session, link);
    // Priced again from the catalogue as it is now: when prices or items changed since the cart
    // was made, the session takes the new amounts and the buyer sees them before paying.
    const fresh = await snapshotLines(tem, link);
    if (linesChanged(session, fresh)) {
      const lines = keepQuantities(session, fresh.lines);
      let repricedCart: PricedSession;
      try {
        repricedCart = pricedFor(link, lines, fresh.currency, fresh.trialDays, await currentDiscount(tem, session));
      } catch (error) {
        throw asQuantityError(error, ['update']);
      }
      session.currency = fresh.currency;
      storePricing(session, lines, repricedCart);
      await tem.flush();
      return { session, paymentError: null, repriced: true };
    }
    const trialDays = await trialDaysOf(tem, link);
    if (input.update) await applyChanges(tem, link, session, checkUpdateForCompletion(link, session, input.update, ['update']), trialDays, ['update']);
    else checkComplete(link, session, ['update']);
    // The redemption is counted under row locks: past the code's limit the completion is refused.
    if (session.promotionCode && link.couponsAllowed !== true) throw withPrefix(refusals.notAllowed(), ['update']);
    let discount: Discount | null;
    try {
      discount = await redeem(tem, session, { currency: session.currency ?? null, lines: session.lines });
    } catch (error) {
      throw withPrefix(error, ['update']);
    }
    const priced = pricedFor(link, session.lines, session.currency ?? null, session.trialDays ?? trialDays ?? null, discount);
    storePricing(session, session.lines, priced);
    const purpose = link.checkoutMode === 'setup' || priced.amountDueToday === 0 ? 'setup' : 'payment';
    const outcome = await provider.pay({
      sessionId: session.id,
      mode: link.mode,
      purpose,
      amount: purpose === 'payment' ? priced.amountDueToday : 0,
      currency: session.currency ?? null,
      card: input.payment?.card ?? null,
      email: session.customerEmail ?? null,
    });
    const attempt = attemptOf(outcome, provider.name, purpose === 'payment' ? priced.amountDueToday : 0, session.currency ?? null);
    session.paymentAttempts = [...(session.paymentAttempts ?? []), attempt];
    if (outcome.status === 'failed') {
      // The flush records the attempt, and the outbox its checkout_session.payment_failed event.
      await undoRedemption(tem, session);
      await tem.flush();
      return { session, paymentError: { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message }, repriced: false };
    }
    session.status = 'complete';
    session.completedAt = new Date();
    session.orderReference = newOrderReference();
    link.completedSessionsCount += 1;
    if (link.completedSessionsLimit != null && link.completedSessionsCount >= link.completedSessionsLimit) link.active = false;
    await tem.flush();
    return { session, paymentError: null, repriced: false };
  });
  if (result.repriced) throw priceChanged();
  return { view: await sessionView(em, result.session), paymentError: result.paymentError };
}

/** Adds `prefix` to the paths of a DomainError's violations. */
function withPrefix(error: unknown, prefix: string[]): unknown {
  if (!(error instanceof DomainError)) return error;
  return new DomainError(
    error.code,
    error.reason,
    error.message,
    error.violations.map((v) => ({ ...v, path: [...prefix, ...v.path] })),
  );
}

/** A declined payment redeems nothing: the counts taken in this transaction are given back. */
async function undoRedemption(em: EntityManager, session: CheckoutSession): Promise<void> {
  if (!session.promotionCode) return;
  const code = await em.findOne(PromotionCode, { id: session.promotionCode });
  const coupon = code ? await em.findOne(Coupon, { id: code.coupon }) : null;
  if (code) code.timesRedeemed = Math.max(0, code.timesRedeemed - 1);
  if (coupon) coupon.timesRedeemed = Math.max(0, coupon.timesRedeemed - 1);
}

/** The last failed attempt of an open session, as shown to the buyer. */
export function lastPaymentError(session: CheckoutSession): PaymentError | null {
  if (session.status !== 'open') return null;
  const last = (session.paymentAttempts ?? []).at(-1);
  return last && last.status === 'failed'
    ? { code: last.code ?? 'card_declined', declineCode: last.declineCode, message: last.message ?? 'Your payment failed.' }
    : null;
}

/** The after-completion redirect of a complete session (normalised, {CHECKOUT_SESSION_ID} filled in), or null. */
export function redirectAfterCompletion(link: CheckoutLink, session: CheckoutSession): string | null {
  if (session.status !== 'complete' || link.afterCompletionType !== 'redirect' || !link.afterCompletionRedirectUrl) return null;
  const url = sendableUrl(link.afterCompletionRedirectUrl);
  return url ? url.replace(/\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D/gi, encodeURIComponent(session.id)) : null;
}

/** The origin of the link's after-completion redirect, or null. */
export function redirectOrigin(link: CheckoutLink): string | null {
  if (link.afterCompletionType !== 'redirect' || !link.afterCompletionRedirectUrl) return null;
  const url = sendableUrl(link.afterCompletionRedirectUrl);
  return url ? new URL(url).origin : null;
}

export const DEFAULT_INACTIVE = 'This link is no longer available.';
export const DEFAULT_CONFIRMATION = 'Thank you! Your order is complete.';

export function confirmationMessage(link: CheckoutLink, session: CheckoutSession): string | null {
  if (session.status !== 'complete') return null;
  return (link.afterCompletionType === 'message' && link.afterCompletionMessage) || DEFAULT_CONFIRMATION;
}
