// The public read of a checkout link (no key needed): any active, non-deleted link by id, across
// organisations. It reads with the tenant filter off, on a throw-away fork, so nothing it touches
// can be flushed. What the caller sees is decided here: the link's and its plan's metadata and
// the plan's internal notes stay hidden unless the caller's key owns the link and may read links.
import { CheckoutLink, Plan } from '../../entities/index.ts';
import type { ServiceContext } from '../../service-context.ts';
import { isUuid } from '../support/ids.ts';

export interface PublicCheckoutLink {
  link: CheckoutLink;
  /** The link's plan (not deleted), or null. */
  plan: Plan | null;
}

/** Whether the caller's key owns the link (organisation and mode) and may read links. */
function ownsWithRead(ctx: ServiceContext, link: CheckoutLink): boolean {
  const p = ctx.principal;
  return !!p && p.organisationId === link.organisation && p.mode === link.mode && p.scopes.has('checkout-link:read');
}

export async function getPublicCheckoutLink(ctx: ServiceContext, id: string): Promise<PublicCheckoutLink | null> {
  if (!isUuid(id)) return null;
  const em = ctx.em.fork({ clear: true });
  const link = await em.findOne(CheckoutLink, { id, deletedAt: null, active: true }, { filters: false });
  if (!link) return null;
  const owned = ownsWithRead(ctx, link);
  if (!owned) link.metadata = {};
  const plan = link.plan ? await em.findOne(Plan, { id: link.plan, deletedAt: null }, { filters: false }) : null;
  if (plan && !owned) {
    plan.metadata = {};
    plan.internalNotes = null;
  }
  return { link, plan };
}
