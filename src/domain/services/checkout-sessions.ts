// Checkout sessions (carts): made from an active link as a snapshot of its items, completed once
// by the buyer's submitted form (test mode only: live mode has no payment provider). Used by the
// public link URL, the hosted checkout page and GraphQL createCart.
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { CheckoutLink, CheckoutSession, Coupon, Plan, PromotionCode, SalesChannel } from '../entities/index.ts';
import type { Discount } from '../pricing/index.ts';
import { discountOf, findRedeemable, redeem, refusals } from './promotion-redeem.ts';
import type { SESSION_STATUSES, SessionLine } from '../entities/checkout-session.ts';
import { conflict, DomainError, notFound, rule } from '../errors.ts';
import { paginate, type Page, type PageArgs } from '../pagination.ts';
import { requireScope, type ServiceContext } from '../service-context.ts';
import { fields, parse } from '../validate.ts';
import { checkForm, quantityField, type RawCheckoutForm } from './checkout-session-form.ts';
import { linkState, type LinkState } from './checkout-links.ts';
import { planSellable } from './checkout-link-items.ts';
import { isUuid } from './ids.ts';
import { priceLines, type PricedSession } from './cart-lines.ts';
import { asLinkError, snapshot, snapshotLines } from './cart-snapshot.ts';

export { snapshotLines } from './cart-snapshot.ts';
import { fastFindOne } from '../../db/fast-read.ts';

export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The link's state, with what it sells taken into account: a deleted plan ends its links; a
 * plan archived or closed for checkout, or an archived price or product, makes it 'unsellable'.
 */
export async function currentLinkState(em: EntityManager, link: CheckoutLink): Promise<LinkState> {
  const plan = link.plan ? await em.findOne(Plan, { id: link.plan }, { filters: false }) : null;
  const state = linkState(link, plan);
  if (state !== 'active') return state;
  if (plan && !planSellable(plan)) return 'unsellable';
  return (await snapshot(em, link)).sellable ? 'active' : 'unsellable';
}

/** Sets the EntityManager's tenant to the organisation and mode of a row found without filters. */
export function enterTenantOf(em: EntityManager, row: { organisation: string; mode: 'test' | 'live' }): void {
  em.setFilterParams('tenant', { organisationId: row.organisation, mode: row.mode });
}

/** Creates an open session (the cart) of an active link; flushed. The em must be in the link's tenant. */
export async function createSession(
  em: EntityManager,
  link: CheckoutLink,
  extra: { customerId?: string | null; metadata?: Record<string, unknown> | null } = {},
): Promise<CheckoutSession> {
  const { lines, currency, trialDays } = await snapshotLines(em, link);
  let priced: PricedSession;
  try {
    priced = priceLines(lines, currency, trialDays);
  } catch (error) {
    throw asLinkError(error);
  }
  const session = em.create(CheckoutSession, {
    organisation: link.organisation,
    mode: link.mode,
    checkoutLink: link.id,
    status: 'open',
    currency,
    ...sessionAmounts(priced),
    customerId: extra.customerId ?? null,
    metadata: extra.metadata ?? {},
    expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
  });
  await em.flush();
  return session;
}

/** The columns of a session that hold the pricing module's result. */
export function sessionAmounts(priced: PricedSession) {
  return {
    lines: priced.lines,
    amountSubtotal: priced.amountSubtotal,
    amountDiscount: priced.amountDiscount,
    amountTotal: priced.amountTotal,
    setupFees: priced.setupFees,
    trialDays: priced.trialDays,
    recurring: priced.recurring,
    discount: priced.discount,
  };
}

/** The hosted checkout page of a session: under the sales channel's customer front, or PUBLIC_URL. */
export async function checkoutPageUrl(em: EntityManager, link: CheckoutLink, sessionId: string, publicUrl: string): Promise<string> {
  const channel = link.salesChannel ? await em.findOne(SalesChannel, { id: link.salesChannel }) : null;
  return sessionPageUrl(channel?.customerfrontBaseUrl || publicUrl, sessionId);
}

export const sessionPageUrl = (base: string, sessionId: string): string => `${base.replace(/\/+$/, '')}/checkout/${sessionId}`;

export type CartResult =
  | { kind: 'not_found' }
  | { kind: 'unavailable'; link: CheckoutLink; state: Exclude<LinkState, 'active'> }
  | { kind: 'created'; link: CheckoutLink; session: CheckoutSession; url: string };

/** The public link URL (anonymous): finds the link by slug in any tenant and makes a cart. */
export async function cartFromSlug(em: EntityManager, slug: string, publicUrl: string): Promise<CartResult> {
  const link = slug.length <= 64 ? await em.findOne(CheckoutLink, { slug }, { filters: false }) : null;
  if (!link) return { kind: 'not_found' };
  enterTenantOf(em, link);
  const state = await currentLinkState(em, link);
  if (state !== 'active') return { kind: 'unavailable', link, state };
  const session = await em.transactional((tem) => createSession(tem, link));
  return { kind: 'created', link, session, url: await checkoutPageUrl(em, link, session.id, publicUrl) };
}

/** A session by id in any tenant (anonymous hosted page), with its link; the em enters that tenant. */
export async function findSessionForPage(em: EntityManager, sessionId: string): Promise<{ session: CheckoutSession; link: CheckoutLink } | null> {
  if (!isUuid(sessionId)) return null;
  const session = await em.findOne(CheckoutSession, { id: sessionId }, { filters: false });
  if (!session) return null;
  enterTenantOf(em, session);
  const link = await em.findOne(CheckoutLink, { id: session.checkoutLink });
  return link ? { session, link } : null;
}

export const isExpired = (session: CheckoutSession, now = new Date()): boolean =>
  session.status === 'expired' || (session.status === 'open' && !!session.expiresAt && session.expiresAt <= now);

export const noPaymentProvider = (): DomainError =>
  rule('CHECKOUT__NO_PAYMENT_PROVIDER', 'No payment provider is configured for live mode, so this checkout cannot be completed.');

/** Whether the catalogue now prices the cart's items differently from its frozen lines. */
export function linesChanged(session: Pick<CheckoutSession, 'lines' | 'currency' | 'trialDays'>, fresh: { lines: SessionLine[]; currency: string | null; trialDays: number | null }): boolean {
  if (fresh.lines.length !== session.lines.length || (fresh.currency ?? null) !== (session.currency ?? null)) return true;
  if ((fresh.trialDays ?? null) !== (session.trialDays ?? null)) return true;
  return fresh.lines.some((line, i) => {
    const old = session.lines[i]!;
    return line.lineItemId !== old.lineItemId || line.priceId !== old.priceId || line.unitAmount !== old.unitAmount
      || (line.unitSetupFee ?? 0) !== (old.unitSetupFee ?? 0) || line.recurringInterval !== old.recurringInterval
      || line.recurringIntervalCount !== old.recurringIntervalCount || (line.trialApplies ?? true) !== (old.trialApplies ?? true)
      || line.productId !== old.productId;
  });
}

/** The fresh lines, keeping the buyer's quantity of each editable line that is still there (within its bounds). */
function keepQuantities(session: CheckoutSession, fresh: SessionLine[]): SessionLine[] {
  const old = new Map(session.lines.map((l) => [l.lineItemId, l.quantity]));
  return fresh.map((line) => {
    const q = line.lineItemId ? old.get(line.lineItemId) : undefined;
    const ok = q !== undefined && line.quantityEditable && q >= (line.minQuantity ?? 1) && q <= (line.maxQuantity ?? 999);
    return ok ? { ...line, quantity: q } : line;
  });
}

export const priceChanged = (): DomainError =>
  rule('CHECKOUT_SESSION__PRICE_CHANGED', 'The prices or items of this checkout have changed since it was opened. Nothing was charged: check the new amounts and submit again.');

/** The pricing module's error on cart line i, as a VALIDATION error on the form's quantity field. */
function asFormError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const violations = error.violations.map((v) => (v.path[0] === 'lines' && v.path[1] ? { ...v, path: [quantityField(Number(v.path[1]))] } : v));
  return new DomainError(error.code, error.reason, error.message, violations);
}

/**
 * Completes an open session with the buyer's form, in one transaction holding the link's row
 * lock: checks the mode, the session's status, the link's state (with its plan, prices and
 * products) and the form; prices the cart again from the catalogue as it is now. When the
 * catalogue changed, the session takes the new amounts (committed) and the completion is
 * refused, so the buyer sees them before paying. Otherwise marks the session complete with the
 * pricing module's amounts, counts it on the link and deactivates the link at its limit.
 */
export async function completeSession(em: EntityManager, sessionId: string, form: RawCheckoutForm): Promise<{ session: CheckoutSession; link: CheckoutLink }> {
  const outcome = await em.transactional(async (tem) => {
    const found = isUuid(sessionId) ? await tem.findOne(CheckoutSession, { id: sessionId }) : null;
    if (!found) throw notFound('CheckoutSession');
    const link = await tem.findOne(CheckoutLink, { id: found.checkoutLink }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!link) throw notFound('CheckoutLink');
    const session = await tem.findOne(CheckoutSession, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!session) throw notFound('CheckoutSession');
    if (link.mode === 'live') throw noPaymentProvider();
    if (session.status === 'complete') throw conflict('CHECKOUT_SESSION__ALREADY_COMPLETE', 'This checkout has already been completed.');
    if (isExpired(session)) throw conflict('CHECKOUT_SESSION__EXPIRED', 'This checkout session has expired.');
    const state = await currentLinkState(tem, link);
    if (state !== 'active') throw rule(`CHECKOUT_LINK__${state.toUpperCase()}`, 'This link no longer accepts orders.');
    const fresh = await snapshotLines(tem, link);
    if (linesChanged(session, fresh)) {
      let repriced: PricedSession;
      try {
        repriced = priceLines(keepQuantities(session, fresh.lines), fresh.currency, fresh.trialDays, await currentDiscount(tem, session));
      } catch (error) {
        throw asLinkError(error);
      }
      tem.assign(session, { currency: fresh.currency, ...sessionAmounts(repriced) });
      await tem.flush();
      return { kind: 'repriced' as const };
    }
    const input = checkForm(link, session.lines, form);
    const withQty = session.lines.map((line, i) => ({ ...line, quantity: input.quantities[i] ?? line.quantity }));
    if (session.promotionCode && link.couponsAllowed !== true) throw refusals.notAllowed();
    const discount = await redeem(tem, session, { currency: session.currency ?? null, lines: withQty });
    let priced: PricedSession;
    try {
      priced = priceLines(session.lines, session.currency ?? null, session.trialDays ?? null, discount, input.quantities);
    } catch (error) {
      throw asFormError(error);
    }
    tem.assign(session, {
      ...sessionAmounts(priced),
      customerEmail: input.email,
      companyName: input.companyName,
      billingAddress: input.billingAddress ? { ...input.billingAddress } : null,
      status: 'complete',
      completedAt: new Date(),
    });
    link.completedSessionsCount += 1;
    if (link.completedSessionsLimit != null && link.completedSessionsCount >= link.completedSessionsLimit) link.active = false;
    await tem.flush();
    return { kind: 'complete' as const, session, link };
  });
  if (outcome.kind === 'repriced') throw priceChanged();
  return outcome;
}

/** The discount of the session's promotion code as it is now (null when none or no longer usable). */
async function currentDiscount(em: EntityManager, session: CheckoutSession): Promise<Discount | null> {
  if (!session.promotionCode) return null;
  const code = await em.findOne(PromotionCode, { id: session.promotionCode });
  const coupon = code ? await em.findOne(Coupon, { id: code.coupon }) : null;
  return code && coupon && code.active && !coupon.deletedAt ? discountOf(coupon, code.code) : null;
}

/**
 * Applies the promotion code a buyer typed to an open cart and prices it again (an empty code
 * removes the applied one). An unknown, inactive, expired, used-up or not applicable code, or a
 * link that takes no codes, is refused (VALIDATION on the `coupon` field) and the cart is left
 * as it was. The redemption itself is counted at completion.
 */
export async function applyPromotionCode(em: EntityManager, sessionId: string, text: string | null): Promise<CheckoutSession> {
  return em.transactional(async (tem) => {
    const found = isUuid(sessionId) ? await tem.findOne(CheckoutSession, { id: sessionId }) : null;
    if (!found) throw notFound('CheckoutSession');
    const link = await tem.findOne(CheckoutLink, { id: found.checkoutLink });
    if (!link) throw notFound('CheckoutLink');
    const session = await tem.findOne(CheckoutSession, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!session) throw notFound('CheckoutSession');
    if (session.status === 'complete') throw conflict('CHECKOUT_SESSION__ALREADY_COMPLETE', 'This checkout has already been completed.');
    if (isExpired(session)) throw conflict('CHECKOUT_SESSION__EXPIRED', 'This checkout session has expired.');
    const typed = (text ?? '').trim();
    let discount: Discount | null = null;
    let code: PromotionCode | null = null;
    if (typed) {
      const hit = await findRedeemable(tem, link, typed, { currency: session.currency ?? null, lines: session.lines });
      code = hit.code;
      discount = discountOf(hit.coupon, hit.code.code);
    }
    const priced = priceLines(session.lines, session.currency ?? null, session.trialDays ?? null, discount);
    tem.assign(session, { ...sessionAmounts(priced), promotionCode: code?.id ?? null, couponCode: code?.code ?? null });
    await tem.flush();
    return session;
  });
}

/** The after-completion redirect with {CHECKOUT_SESSION_ID} replaced, or null for a confirmation page. */
export function completionRedirect(link: CheckoutLink, sessionId: string): string | null {
  if (link.afterCompletionType !== 'redirect' || !link.afterCompletionRedirectUrl) return null;
  // Also the percent-encoded form: URL normalisers (and strict "uri" validators) encode the braces.
  return link.afterCompletionRedirectUrl.replace(/\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D/gi, encodeURIComponent(sessionId));
}

// ------------------------------------------------------------------------------- GraphQL side

export interface CheckoutSessionFilter {
  checkoutLinkId?: string | null;
  status?: (typeof SESSION_STATUSES)[number] | null;
}

export function listCheckoutSessions(ctx: ServiceContext, filter: CheckoutSessionFilter = {}, page: PageArgs = {}): Promise<Page<CheckoutSession>> {
  requireScope(ctx, 'checkout-link:read');
  const where: Record<string, unknown> = {};
  if (filter.checkoutLinkId) where.checkoutLink = isUuid(filter.checkoutLinkId) ? filter.checkoutLinkId : NO_ID;
  if (filter.status) where.status = filter.status;
  return paginate(ctx.em, CheckoutSession, where, page);
}

export async function getCheckoutSession(ctx: ServiceContext, id: string): Promise<CheckoutSession | null> {
  requireScope(ctx, 'checkout-link:read');
  return isUuid(id) ? fastFindOne(ctx.em, CheckoutSession, { id }) : null;
}

const cartSchema = z.object({
  checkoutLinkId: z.string(),
  customerId: z.string().trim().min(1).max(255).nullish(),
  metadata: fields.metadata.nullish(),
});
export type CreateCartInput = z.input<typeof cartSchema>;

/** GraphQL createCart (Fynn classic POST /checkout-links/{id}/cart): the same cart as the public URL. */
export async function createCart(ctx: ServiceContext, raw: CreateCartInput): Promise<{ session: CheckoutSession; url: string }> {
  requireScope(ctx, 'cart:write');
  const input = parse(cartSchema, raw);
  const link = isUuid(input.checkoutLinkId) ? await ctx.em.findOne(CheckoutLink, { id: input.checkoutLinkId, deletedAt: null }) : null;
  if (!link) throw notFound('CheckoutLink', ['checkoutLinkId']);
  const state = await currentLinkState(ctx.em, link);
  if (state !== 'active') {
    throw rule(`CHECKOUT_LINK__${state.toUpperCase()}`, state === 'exhausted' ? 'The link has reached its limit of completed sessions.' : 'The link is not active.', ['checkoutLinkId']);
  }
  const session = await ctx.em.transactional((em) => createSession(em, link, { customerId: input.customerId, metadata: input.metadata }));
  return { session, url: await checkoutPageUrl(ctx.em, link, session.id, ctx.publicUrl) };
}
