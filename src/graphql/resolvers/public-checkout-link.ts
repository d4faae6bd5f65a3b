// The public read of a checkout link (no key needed); what it shows is decided by the service
// (domain/services/checkout-links/public.ts). The link's plan is primed into the request's loader
// so `plan { ... }` works for an anonymous caller too.
import { getPublicCheckoutLink } from '../../domain/services/checkout-links/public.ts';
import type { CheckoutLink } from '../../domain/entities/index.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { publish } from '../field-scopes.ts';

async function publicCheckoutLink(ctx: GraphQLContext, id: string): Promise<CheckoutLink | null> {
  const found = await getPublicCheckoutLink(ctx, id);
  if (!found) return null;
  if (found.plan) {
    ctx.loaders.plan.clear(found.plan.id).prime(found.plan.id, found.plan);
    publish(ctx, found.plan);
  }
  publish(ctx, found.link);
  return found.link;
}

export const publicCheckoutLinkResolvers: Resolvers = {
  Query: {
    publicCheckoutLink: (_p, { id }, ctx) => publicCheckoutLink(ctx, id),
  },
  CheckoutLink: {
    organisationId: (link) => link.organisation,
  },
};
