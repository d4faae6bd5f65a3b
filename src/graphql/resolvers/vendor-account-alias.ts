// Vendor account aliases (schema/vendor-account-alias.graphql).
import * as aliases from '../../domain/services/organisations/vendor-account-aliases.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { payload, query } from '../errors.ts';

export const vendorAccountAliasResolvers: Resolvers = {
  Query: {
    vendorAccountAliases: (_p, { vendor }, ctx) => query(() => aliases.listVendorAccountAliases(ctx, vendor)),
  },
  Mutation: {
    addVendorAccountAlias: (_p, { input }, ctx) => payload('vendorAccountAlias', () => aliases.addVendorAccountAlias(ctx, input)),
    removeVendorAccountAlias: (_p, { id }, ctx) => payload('vendorAccountAlias', () => aliases.removeVendorAccountAlias(ctx, id)),
  },
  Organisation: {
    // The tenant filter scopes the list to the caller's organisation and mode; another
    // organisation's object (never reachable by a key) would get the caller's, so check.
    vendorAccountAliases: (org, { vendor }, ctx) =>
      query(async () => (ctx.principal?.organisationId === org.id ? aliases.listVendorAccountAliases(ctx, vendor) : [])),
  },
  VendorAccountAlias: {
    livemode: (alias) => alias.mode === 'live',
  },
};
