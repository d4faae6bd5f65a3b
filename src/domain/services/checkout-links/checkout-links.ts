// Checkout links: a slug-addressed public entry point selling a plan tier, a single-price plan
// or explicit line items. Reads exclude deleted links; every write is one transaction.
import type { EntityManager } from '@mikro-orm/core';
import { CheckoutLink, LineItem, type Plan, type SalesChannel } from '../../entities/index.ts';
import type { CHECKOUT_MODES, LINK_SOURCES } from '../../entities/checkout-link.ts';
import { invalid, notFound, rule, validationError } from '../../errors.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import type { Principal } from '../../principal.ts';
import { owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { parse } from '../../validate.ts';
import {
  afterCompletionViolations,
  createLinkSchema,
  type AfterCompletionData,
  type CreateCheckoutLinkInput,
  type CreateLinkData,
  type SettingsData,
} from './input.ts';
import { createLines, linkCurrency, resolveLineItems, resolvePlan, resolveTier, type ResolvedItems } from './items.ts';
import { assertSlugFree, isSlugViolation, nextFreeSlug, slugBase, slugConflict } from './slugs.ts';
import { isUuid } from '../support/ids.ts';
import { afterCompletionColumns, salesChannelFor, settingsColumns, withSlugRace } from './write.ts';
import { assertPriceable } from '../sessions/cart-snapshot.ts';
import { fastFindCounted, fastFindOne, type FastNested, type NestedRows } from '../../../db/fast-read.ts';
import { flushInOneTrip } from '../../../db/flush-in-one-trip.ts';

export type { CreateCheckoutLinkInput, UpdateCheckoutLinkInput } from './input.ts';

/** The public entry point of a link. */
export const linkUrl = (publicUrl: string, slug: string): string => `${publicUrl}/checkout-link/${encodeURIComponent(slug)}/cart`;

/** 'unsellable': its plan is archived or closed for checkout, or one of its prices or products is archived. */
export type LinkState = 'active' | 'inactive' | 'exhausted' | 'deleted' | 'unsellable';

/** Whether a link sells: only 'active' links do. Pass the link's plan when it has one. */
export function linkState(link: CheckoutLink, plan?: Plan | null): LinkState {
  if (link.deletedAt || plan?.deletedAt) return 'deleted';
  if (!link.active) return 'inactive';
  if (link.completedSessionsLimit != null && link.completedSessionsCount >= link.completedSessionsLimit) return 'exhausted';
  return 'active';
}

/** Children to read with a link in its statement (e.g. its line items), and who takes them. */
export interface ReadWith {
  nested: readonly FastNested[];
  found: (rows: NestedRows[]) => void;
}

/** A link by id or slug (not deleted), or null; `also`'s children read in the same statement. */
export async function getCheckoutLink(ctx: ServiceContext, ref: { id?: string | null; slug?: string | null }, also?: ReadWith): Promise<CheckoutLink | null> {
  requireScope(ctx, 'checkout-link:read');
  let where: Record<string, unknown>;
  if (ref.id != null) {
    if (!isUuid(ref.id)) return null;
    where = { id: ref.id, deletedAt: null };
  } else if (ref.slug != null) where = { slug: ref.slug, deletedAt: null };
  else throw invalid(['id'], 'Give id or slug.', 'VALUE__MISSING');
  const { rows, nested } = await fastFindCounted(ctx.em, CheckoutLink, where, { limit: 1, nested: also?.nested });
  if (nested) also?.found(nested);
  return rows[0] ?? null;
}

export interface CheckoutLinkFilter {
  active?: boolean | null;
  planId?: string | null;
  planTierId?: string | null;
  salesChannelId?: string | null;
  source?: (typeof LINK_SOURCES)[number] | null;
  mode?: (typeof CHECKOUT_MODES)[number] | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';
const idOrNone = (id: string): string => (isUuid(id) ? id : NO_ID);

/** Links matching the filter, newest first by default. */
export function listCheckoutLinks(ctx: ServiceContext, filter: CheckoutLinkFilter = {}, page: PageArgs = {}): Promise<Page<CheckoutLink>> {
  requireScope(ctx, 'checkout-link:read');
  const where: Record<string, unknown> = { deletedAt: null };
  if (filter.active != null) where.active = filter.active;
  if (filter.planId) where.plan = idOrNone(filter.planId);
  if (filter.planTierId) where.planTier = idOrNone(filter.planTierId);
  if (filter.salesChannelId) where.salesChannel = idOrNone(filter.salesChannelId);
  if (filter.source) where.source = filter.source;
  if (filter.mode) where.checkoutMode = filter.mode;
  const created: Record<string, Date> = {};
  if (filter.createdAfter) created.$gt = filter.createdAfter;
  if (filter.createdBefore) created.$lt = filter.createdBefore;
  if (Object.keys(created).length > 0) where.createdAt = created;
  return paginate(ctx.em, CheckoutLink, where, page);
}

/** A line item of a link that is not deleted, or null. */
export async function getLineItem(ctx: ServiceContext, id: string): Promise<LineItem | null> {
  requireScope(ctx, 'checkout-link:read');
  const item = isUuid(id) ? await fastFindOne(ctx.em, LineItem, { id }) : null;
  if (!item) return null;
  const link = await fastFindOne(ctx.em, CheckoutLink, { id: item.checkoutLink, deletedAt: null });
  return link ? item : null;
}

/** The line items of a link in position order (ids grow with positions: UUIDv7 in creation order). */
export async function listLineItems(ctx: ServiceContext, checkoutLinkId: string, page: PageArgs = {}): Promise<Page<LineItem>> {
  requireScope(ctx, 'checkout-link:read');
  const link = isUuid(checkoutLinkId) ? await fastFindOne(ctx.em, CheckoutLink, { id: checkoutLinkId, deletedAt: null }) : null;
  if (!link) throw notFound('CheckoutLink', ['checkoutLinkId']);
  return paginate(
    ctx.em,
    LineItem,
    { checkoutLink: link.id },
    {
      first: page.first,
      after: page.after,
      last: page.last,
      before: page.before,
      startingAfter: page.startingAfter,
      endingBefore: page.endingBefore,
      orderDirection: 'asc',
    },
  );
}

function checkSource(input: CreateLinkData): void {
  // planId with planTierId names the plan the tier must belong to: one source, the tier.
  const given = (['planTierId', 'planId', 'lineItems'] as const).filter((k) => input[k] != null && !(k === 'planId' && input.planTierId != null));
  if (given.length > 1) {
    throw rule('LINK__SOURCE_CONFLICT', 'Give only one of planTierId, planId and lineItems.', [given[1] ?? 'lineItems']);
  }
  if (given.length === 0 && (input.mode ?? 'payment') !== 'setup') {
    throw rule('LINK__SOURCE_MISSING', 'Give planTierId, planId or lineItems (only SETUP links sell nothing).', ['lineItems']);
  }
  const violations = afterCompletionViolations(input.afterCompletion, ['afterCompletion']);
  if (violations.length > 0) throw validationError(violations);
}

export async function createCheckoutLink(ctx: ServiceContext, raw: CreateCheckoutLinkInput): Promise<CheckoutLink> {
  const principal = requireScope(ctx, 'checkout-link:write');
  const input = parse(createLinkSchema, raw);
  checkSource(input);
  return withSlugRace(
    ctx,
    (em, attempt) => createIn(em, principal, input, attempt, ctx.remember),
    (attempt) => {
      if (input.slug) throw slugConflict(input.slug);
      if (attempt >= 8) throw slugConflict('generated');
    },
    // Inline prices (and their products) are written before the link: not one flush.
    { oneFlush: !input.lineItems?.some((item) => item.priceData != null) },
  );
}

async function createIn(
  em: EntityManager,
  principal: Principal,
  input: CreateLinkData,
  attempt = 0,
  remember?: ServiceContext['remember'],
): Promise<CheckoutLink> {
  let resolved: ResolvedItems = { lines: [], currencies: [] };
  let source: (typeof LINK_SOURCES)[number] = 'plan';
  let plan: Plan | null = null;
  let tierId: string | null = null;
  let words: (string | null | undefined)[] = [input.title];
  let itemsPath = ['lineItems'];
  if (input.planTierId != null) {
    const r = await resolveTier(em, input.planTierId, ['planTierId'], input.planId ?? null);
    ({ plan } = r);
    resolved = r;
    source = 'tier';
    tierId = r.tier.id;
    words = [r.plan.code, r.tier.name];
    itemsPath = ['planTierId'];
  } else if (input.planId != null) {
    const r = await resolvePlan(em, input.planId);
    ({ plan } = r);
    resolved = r;
    words = [input.title ?? r.plan.name];
    itemsPath = ['planId'];
  } else if (input.lineItems != null) {
    resolved = await resolveLineItems(em, principal, input.lineItems);
    source = 'items';
  }
  const currency = linkCurrency(input.currency, resolved.currencies, itemsPath);
  let channelRead: SalesChannel | null = null;
  const salesChannel = await salesChannelFor(em, input.salesChannel, (channel) => {
    channelRead = channel;
  });
  let slug: string;
  if (input.slug) {
    await assertSlugFree(em, input.slug);
    slug = input.slug;
  } else {
    slug = await nextFreeSlug(em, slugBase(words), attempt);
  }
  const link = em.create(CheckoutLink, {
    ...owner(principal),
    slug,
    title: input.title ?? null,
    description: input.description ?? null,
    active: input.active ?? true,
    checkoutMode: input.mode ?? 'payment',
    currency,
    source,
    plan: plan?.id ?? null,
    planTier: tierId,
    salesChannel,
    ...settingsColumns(input.settings),
    ...afterCompletionColumns(input.afterCompletion ?? null),
    completedSessionsLimit: input.completedSessionsLimit ?? null,
    inactiveMessage: input.inactiveMessage ?? null,
    metadata: input.metadata ?? {},
    affiliateCode: input.affiliateCode ?? null,
  });
  const items = createLines(em, principal, link.id, resolved.lines);
  // The rows about to be written and those read: checked without reading them again, before
  // anything is written (a refusal leaves nothing behind, savepoint or not: withSlugRace).
  await assertPriceable(em, link, source === 'items' ? null : itemsPath, { items, rows: [...(resolved.rows ?? []), ...(plan ? [plan] : [])] });
  // One round trip for the link, its line items and its event (src/db/flush-in-one-trip.ts).
  await flushInOneTrip(em);
  // The rows read here, for the answer (written: the link; read: its plan, tiers, items, channel).
  remember?.({ ...resolved.known, salesChannels: channelRead ? [channelRead] : [] });
  return link;
}
