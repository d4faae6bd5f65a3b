// plan resolvers (being written).
import type { Resolvers } from '../../generated/graphql.ts';

export const planResolvers: Resolvers = {};
