// The executable schema: SDL from schema/*.graphql plus the resolvers of every domain.
import { readdirSync, readFileSync } from 'node:fs';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { buildASTSchema, type GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/graphql.ts';
import { applyFieldScopes } from './field-scopes.ts';
import { catalogResolvers } from './resolvers/catalog.ts';
import { commonResolvers, enumResolvers } from './resolvers/common.ts';
import { organisationResolvers } from './resolvers/organisation.ts';
import { planResolvers } from './resolvers/plan.ts';
import { checkoutLinkResolvers } from './resolvers/checkout-link.ts';
import { checkoutSessionResolvers } from './resolvers/checkout-session.ts';
import { publicCheckoutLinkResolvers } from './resolvers/public-checkout-link.ts';
import { subscriptionResolvers } from './resolvers/subscriptions.ts';
import { webhookResolvers } from './resolvers/webhooks.ts';
import { pricingResolvers } from './resolvers/pricing.ts';
import { couponResolvers } from './resolvers/coupon.ts';
import { vendorAccountAliasResolvers } from './resolvers/vendor-account-alias.ts';
import { storefrontResolvers } from './resolvers/storefront.ts';

const schemaDir = new URL('../../schema/', import.meta.url).pathname;

// readdirSync, not fs.globSync: the glob compiled a minimatch pattern on every start (~40 ms of
// CPU in a start-up profile, docs/start-up.md) for one folder's *.graphql (no dot files, as the glob).
export const typeDefs: string[] = readdirSync(schemaDir)
  .filter((file) => file.endsWith('.graphql') && !file.startsWith('.'))
  .sort()
  .map((file) => readFileSync(schemaDir + file, 'utf8'));

/**
 * Set by src/run-build.js: the build checked this SDL (bin/build.js builds the schema with
 * graphql-js's SDL validation and stamps schema/, so an edited or added .graphql file makes the
 * build stale and the source runs, validating). The validation was ~1/3 of the schema build.
 */
const SDL_CHECKED = Symbol.for('checkout-gateway.sdl-checked');

/**
 * The executable schema: the SDL merged (extensions into their types) and built once, then the
 * resolvers set on that schema's fields in place. makeExecutableSchema given the SDL text built it
 * a second time (the enum resolvers need the types first) and copied every type to add the
 * resolvers (mapSchema): ~90 ms of a gateway's start-up CPU (~10% of a restart's on PostgreSQL),
 * for a schema that prints the same.
 */
export function buildSchema(): GraphQLSchema {
  const sdl = buildASTSchema(mergeTypeDefs(typeDefs), { assumeValidSDL: (globalThis as Record<symbol, unknown>)[SDL_CHECKED] === true });
  const resolvers = [
    enumResolvers(sdl),
    commonResolvers,
    organisationResolvers,
    catalogResolvers,
    planResolvers,
    checkoutLinkResolvers,
    checkoutSessionResolvers,
    publicCheckoutLinkResolvers,
    webhookResolvers,
    subscriptionResolvers,
    pricingResolvers,
    couponResolvers,
    vendorAccountAliasResolvers,
    storefrontResolvers,
  ] as Resolvers[];
  return applyFieldScopes(makeExecutableSchema({ typeDefs: sdl, resolvers, inheritResolversFromInterfaces: true, updateResolversInPlace: true }));
}
