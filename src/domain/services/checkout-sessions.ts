// Checkout sessions (carts): made from an active link as a snapshot of its items, with a client
// secret for the buyer's browser. Made by GraphQL createCart and the storefront's
// startCheckoutSession; completed by the storefront (storefront.ts).
import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { CheckoutLink, CheckoutSession, LineItem, Plan, Price, Product, SalesChannel } from '../entities/index.ts';
import type { SESSION_STATUSES, SessionLine } from '../entities/checkout-session.ts';
import { DomainError, notFound, rule } from '../errors.ts';
import { paginate, type Page, type PageArgs } from '../pagination.ts';
import { requireScope, type ServiceContext } from '../service-context.ts';
import { fields, parse } from '../validate.ts';
import { linkState, type LinkState } from './checkout-links.ts';
import { isUuid } from './ids.ts';
import { fastFindOne } from '../../db/fast-read.ts';
import { newId } from '../entities/common.ts';
import { newClientSecret } from './storefront-access.ts';
import { sendableUrl } from '../urls.ts';

export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** The link's state, with its plan taken into account (a deleted plan ends its links). */
export async function currentLinkState(em: EntityManager, link: CheckoutLink): Promise<LinkState> {
  const plan = link.plan ? await em.findOne(Plan, { id: link.plan }, { filters: false }) : null;
  return linkState(link, plan);
}

/** Sets the EntityManager's tenant to the organisation and mode of a row found without filters. */
export function enterTenantOf(em: EntityManager, row: { organisation: string; mode: 'test' | 'live' }): void {
  em.setFilterParams('tenant', { organisationId: row.organisation, mode: row.mode });
}

/** A plan line without a price sells the plan's own (Whop-style) price. */
function planAmount(plan: Plan | undefined): { unitAmount: number; interval: string | null; count: number | null } {
  if (!plan) return { unitAmount: 0, interval: null, count: null };
  const renewal = plan.planType === 'renewal';
  const unitAmount = (renewal ? (plan.renewalPrice ?? plan.initialPrice) : (plan.initialPrice ?? plan.renewalPrice)) ?? 0;
  const days = renewal ? plan.billingPeriodDays : null;
  return { unitAmount, interval: days ? 'day' : null, count: days ?? null };
}

/** The link's line items, frozen as cart lines (names, unit amounts, quantities and bounds). */
export async function snapshotLines(em: EntityManager, link: CheckoutLink): Promise<{ lines: SessionLine[]; currency: string | null }> {
  const items = await em.find(LineItem, { checkoutLink: link.id }, { orderBy: { position: 'asc', id: 'asc' } });
  const ids = (pick: (i: LineItem) => string | null | undefined) => [...new Set(items.map(pick).filter((x): x is string => !!x))];
  const [prices, plans] = await Promise.all([
    em.find(Price, { id: { $in: ids((i) => i.price) } }),
    em.find(Plan, { id: { $in: ids((i) => i.plan) } }),
  ]);
  const priceById = new Map(prices.map((p) => [p.id, p]));
  const planById = new Map(plans.map((p) => [p.id, p]));
  const products = await em.find(Product, { id: { $in: [...new Set([...ids((i) => i.product), ...prices.map((p) => p.product)])] } });
  const productById = new Map(products.map((p) => [p.id, p]));
  let currency: string | null = link.currency ?? null;
  const lines = items.map((item): SessionLine => {
    const price = item.price ? priceById.get(item.price) : undefined;
    const plan = item.plan ? planById.get(item.plan) : undefined;
    const productId = item.product ?? price?.product ?? null;
    const product = productId ? productById.get(productId) : undefined;
    const fromPlan = planAmount(plan);
    const unitAmount = price ? price.unitAmount : fromPlan.unitAmount;
    currency ??= price?.currency ?? plan?.currency?.toUpperCase() ?? null;
    const editable = item.adjustableEnabled || link.quantityEditable;
    return {
      lineItemId: item.id,
      productId,
      priceId: price?.id ?? null,
      name: product?.name ?? plan?.name ?? item.description ?? 'Item',
      quantity: item.quantity,
      minQuantity: editable ? (item.adjustableMin ?? 1) : null,
      maxQuantity: editable ? (item.adjustableMax ?? 999) : null,
      quantityEditable: editable,
      unitAmount,
      amountSubtotal: unitAmount * item.quantity,
      recurringInterval: (price ? price.recurringInterval : fromPlan.interval) ?? null,
      recurringIntervalCount: (price ? price.recurringIntervalCount : fromPlan.count) ?? null,
    };
  });
  return { lines, currency };
}

const total = (lines: SessionLine[]): number => lines.reduce((sum, l) => sum + l.amountSubtotal, 0);

/** Creates an open session (the cart) of an active link; flushed. The em must be in the link's tenant. */
export async function createSession(
  em: EntityManager,
  link: CheckoutLink,
  extra: { customerId?: string | null; metadata?: Record<string, unknown> | null } = {},
): Promise<{ session: CheckoutSession; clientSecret: string }> {
  const { lines, currency } = await snapshotLines(em, link);
  const amount = total(lines);
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
    lines,
    amountSubtotal: amount,
    amountTotal: amount,
    customerId: extra.customerId ?? null,
    metadata: extra.metadata ?? {},
    expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
  });
  await em.flush();
  return { session, clientSecret: client.secret };
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
    throw rule(`CHECKOUT_LINK__${state.toUpperCase()}`, state === 'exhausted' ? 'The link has reached its limit of completed sessions.' : 'The link is not active.', ['checkoutLinkId']);
  }
  const { session, clientSecret } = await ctx.em.transactional((em) => createSession(em, link, { customerId: input.customerId, metadata: input.metadata }));
  return { session, clientSecret, url: await checkoutPageUrl(ctx.em, link, session.id, ctx.publicUrl) };
}
