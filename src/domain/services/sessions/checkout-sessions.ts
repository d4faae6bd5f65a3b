// Checkout sessions (carts): made from an active link as a snapshot of its items, with a client
// secret for the buyer's browser. Made by GraphQL createCart and the storefront's
// startCheckoutSession; completed by the storefront (storefront.ts).
import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { CheckoutLink, CheckoutSession, Coupon, Plan, PromotionCode, SalesChannel } from '../../entities/index.ts';
import type { Discount } from '../../pricing/index.ts';
import { discountOf } from '../coupons/promotion-redeem.ts';
import type { SESSION_STATUSES, SessionLine } from '../../entities/checkout-session.ts';
import { type DomainError, LINK_STATE_REASONS, notFound, rule } from '../../errors.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import { requireScope, type ServiceContext } from '../../service-context.ts';
import { fields, parse } from '../../validate.ts';
import { linkState, type LinkState } from '../checkout-links/checkout-links.ts';
import { isUuid } from '../support/ids.ts';
import { planSellable } from '../checkout-links/items.ts';
import { priceLines, type PricedSession } from './cart-lines.ts';
import { asLinkError, snapshot, snapshotLines } from './cart-snapshot.ts';

export { snapshotLines } from './cart-snapshot.ts';
import { fastFindOne } from '../../../db/fast-read.ts';
import { newId } from '../../entities/common.ts';
import { newClientSecret } from './client-secrets.ts';
import { sendableUrl } from '../../urls.ts';
import { ADJUSTABLE_QUANTITY_MAX, ADJUSTABLE_QUANTITY_MIN } from '../../../contract/limits.ts';

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
): Promise<{ session: CheckoutSession; clientSecret: string }> {
  const { lines, currency, trialDays } = await snapshotLines(em, link);
  let priced: PricedSession;
  try {
    priced = priceLines(lines, currency, trialDays);
  } catch (error) {
    throw asLinkError(error);
  }
  const id = newId();
  const client = newClientSecret(id);
  const session = em.create(CheckoutSession, {
    id,
    clientSecretHash: client.hash,
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
  return { session, clientSecret: client.secret };
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

/** Whether the catalogue now prices the cart's items differently from its frozen lines. */
export function linesChanged(
  session: Pick<CheckoutSession, 'lines' | 'currency' | 'trialDays'>,
  fresh: { lines: SessionLine[]; currency: string | null; trialDays: number | null },
): boolean {
  if (fresh.lines.length !== session.lines.length || (fresh.currency ?? null) !== (session.currency ?? null)) return true;
  if ((fresh.trialDays ?? null) !== (session.trialDays ?? null)) return true;
  return fresh.lines.some((line, i) => {
    const old = session.lines[i]!;
    return (
      line.lineItemId !== old.lineItemId ||
      line.priceId !== old.priceId ||
      line.unitAmount !== old.unitAmount ||
      (line.unitSetupFee ?? 0) !== (old.unitSetupFee ?? 0) ||
      line.recurringInterval !== old.recurringInterval ||
      line.recurringIntervalCount !== old.recurringIntervalCount ||
      (line.trialApplies ?? true) !== (old.trialApplies ?? true) ||
      line.productId !== old.productId
    );
  });
}

/** The fresh lines, keeping the buyer's quantity of each editable line that is still there (within its bounds). */
export function keepQuantities(session: CheckoutSession, fresh: SessionLine[]): SessionLine[] {
  const old = new Map(session.lines.map((l) => [l.lineItemId, l.quantity]));
  return fresh.map((line) => {
    const q = line.lineItemId ? old.get(line.lineItemId) : undefined;
    const ok =
      q !== undefined && line.quantityEditable && q >= (line.minQuantity ?? ADJUSTABLE_QUANTITY_MIN) && q <= (line.maxQuantity ?? ADJUSTABLE_QUANTITY_MAX);
    return ok ? { ...line, quantity: q } : line;
  });
}

export const priceChanged = (): DomainError =>
  rule(
    'CHECKOUT_SESSION__PRICE_CHANGED',
    'The prices or items of this checkout have changed since it was opened. Nothing was charged: check the new amounts and submit again.',
  );

/** The discount of the session's promotion code as it is now (null when none or no longer usable). */
export async function currentDiscount(em: EntityManager, session: CheckoutSession): Promise<Discount | null> {
  if (!session.promotionCode) return null;
  const code = await em.findOne(PromotionCode, { id: session.promotionCode });
  const coupon = code ? await em.findOne(Coupon, { id: code.coupon }) : null;
  return code && coupon && code.active && !coupon.deletedAt ? discountOf(coupon, code.code) : null;
}

/** The hosted checkout page of a session: under the sales channel's customer front, or PUBLIC_URL. */
export async function checkoutPageUrl(em: EntityManager, link: CheckoutLink, sessionId: string, publicUrl: string): Promise<string> {
  const channel = link.salesChannel ? await em.findOne(SalesChannel, { id: link.salesChannel }) : null;
  return sessionPageUrl(channel?.customerfrontBaseUrl || publicUrl, sessionId);
}

/** The page URL of a session, normalised (a stored base URL may predate normalisation). */
export const sessionPageUrl = (base: string, sessionId: string): string => {
  const url = `${base.replace(/\/+$/, '')}/checkout/${sessionId}`;
  return sendableUrl(url) ?? url;
};

export const isExpired = (session: CheckoutSession, now = new Date()): boolean =>
  session.status === 'expired' || (session.status === 'open' && !!session.expiresAt && session.expiresAt <= now);

export const noPaymentProvider = (): DomainError =>
  rule('CHECKOUT__NO_PAYMENT_PROVIDER', 'No payment provider is configured for live mode, so this checkout cannot be completed.');

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
export async function createCart(ctx: ServiceContext, raw: CreateCartInput): Promise<{ session: CheckoutSession; url: string; clientSecret: string }> {
  requireScope(ctx, 'cart:write');
  const input = parse(cartSchema, raw);
  const link = isUuid(input.checkoutLinkId) ? await ctx.em.findOne(CheckoutLink, { id: input.checkoutLinkId, deletedAt: null }) : null;
  if (!link) throw notFound('CheckoutLink', ['checkoutLinkId']);
  const state = await currentLinkState(ctx.em, link);
  if (state !== 'active') {
    throw rule(LINK_STATE_REASONS[state], state === 'exhausted' ? 'The link has reached its limit of completed sessions.' : 'The link is not active.', [
      'checkoutLinkId',
    ]);
  }
  const { session, clientSecret } = await ctx.em.transactional((em) => createSession(em, link, { customerId: input.customerId, metadata: input.metadata }));
  return { session, clientSecret, url: await checkoutPageUrl(ctx.em, link, session.id, ctx.publicUrl) };
}
