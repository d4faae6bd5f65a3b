// checkout-link resolvers (being written).
import type { Resolvers } from '../../generated/graphql.ts';

export const checkoutLinkResolvers: Resolvers = {};
