// Organisations, sales channels and API keys.
import * as apiKeys from '../../domain/services/organisations/api-keys.ts';
import * as orgs from '../../domain/services/organisations/organisations.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { payload, query } from '../errors.ts';

export const organisationResolvers: Resolvers = {
  Query: {
    organisation: (_p, _a, ctx) => query(() => orgs.currentOrganisation(ctx)),
    salesChannels: (_p, _a, ctx) => query(() => orgs.listSalesChannels(ctx)),
    salesChannel: (_p, args, ctx) => query(() => orgs.getSalesChannel(ctx, args)),
    apiKeys: (_p, _a, ctx) => query(() => apiKeys.listApiKeys(ctx)),
  },
  Mutation: {
    createOrganisation: (_p, { input }, ctx) => payload('organisation', () => orgs.createOrganisation(ctx, input)),
    createSalesChannel: (_p, { input }, ctx) => payload('salesChannel', () => orgs.createSalesChannel(ctx, input)),
    updateSalesChannel: (_p, { id, input }, ctx) => payload('salesChannel', () => orgs.updateSalesChannel(ctx, id, input)),
    createApiKey: async (_p, { input }, ctx) => {
      const result = await payload('created', () => apiKeys.createApiKey(ctx, input));
      return { secret: result.created?.secret ?? null, apiKey: result.created?.apiKey ?? null, userErrors: result.userErrors };
    },
    revokeApiKey: (_p, { id }, ctx) => payload('apiKey', () => apiKeys.revokeApiKey(ctx, id)),
  },
  Organisation: {
    salesChannels: (org, _a, ctx) => ctx.loaders.salesChannelsByOrganisation.load(org.id),
  },
  SalesChannel: {
    livemode: (channel) => channel.mode === 'live',
  },
};
