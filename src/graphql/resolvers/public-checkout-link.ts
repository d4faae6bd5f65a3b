// The public read of a checkout link (no key needed): any active, non-deleted link by id,
// across organisations. It reads with the tenant filter off, on a throw-away fork, so nothing
// it touches can be flushed; metadata stays hidden unless the caller's key owns the link and
// may read links. The link's plan is primed into the request's loader so `plan { ... }` works
// for an anonymous caller too.
import { CheckoutLink, Plan } from '../../domain/entities/index.ts';
import { isUuid } from '../../domain/services/ids.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { publish } from '../field-scopes.ts';

function ownsWithRead(ctx: GraphQLContext, link: CheckoutLink): boolean {
  const p = ctx.principal;
  return !!p && p.organisationId === link.organisation && p.mode === link.mode && p.scopes.has('checkout-link:read');
}

async function publicCheckoutLink(ctx: GraphQLContext, id: string): Promise<CheckoutLink | null> {
  if (!isUuid(id)) return null;
  const em = ctx.em.fork({ clear: true });
  const link = await em.findOne(CheckoutLink, { id, deletedAt: null, active: true }, { filters: false });
  if (!link) return null;
  const owned = ownsWithRead(ctx, link);
  if (!owned) link.metadata = {};
  if (link.plan) {
    const plan = await em.findOne(Plan, { id: link.plan, deletedAt: null }, { filters: false });
    if (plan) {
      if (!owned) {
        plan.metadata = {};
        plan.internalNotes = null;
      }
      ctx.loaders.plan.clear(plan.id).prime(plan.id, plan);
      publish(ctx, plan);
    }
  }
  publish(ctx, link);
  return link;
}

export const publicCheckoutLinkResolvers: Resolvers = {
  Query: {
    publicCheckoutLink: (_p, { id }, ctx) => publicCheckoutLink(ctx, id),
  },
  CheckoutLink: {
    organisationId: (link) => link.organisation,
  },
};
