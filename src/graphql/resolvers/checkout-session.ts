// checkout-session resolvers (being written).
import type { Resolvers } from '../../generated/graphql.ts';

export const checkoutSessionResolvers: Resolvers = {};
