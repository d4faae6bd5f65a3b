// POST/GET /checkout_configurations, GET (public) and DELETE /checkout_configurations/{id}.
import {
  WhopConfigurationDocument,
  WhopConfigurationsDocument,
  WhopDeleteConfigurationDocument,
  WhopPlanTierDocument,
  WhopPublicConfigurationDocument,
  type CheckoutLinkFilter,
  type WhopLinkFragment,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { badRequest, notFound } from '../errors.ts';
import { configurationId, planId } from '../ids.ts';
import { toWhopCheckoutConfiguration, toCreateCheckoutLinkInput, type CreateConfigurationBody } from '../mappers/configuration.ts';
import { pageArgs, parseTimestamp, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { configurationBody, configurationListQuery, configurationResponse } from '../schemas/checkout-configurations.ts';
import { deletedResponse, idParams, pageResponse } from '../schemas/common.ts';
import { type JsonObject, whopVersions } from '../versions.ts';
import { found } from './found.ts';
import { checkOwner } from './owner.ts';
import { createInlinePlanLink, createLink } from './plan-writer.ts';

const versionContext = { resource: 'checkout_configuration' } as const;
const TAGS = ['Checkout configurations'];
/** An unknown plan id lists nothing (a UUID no row has). */
const NO_ROW = '00000000-0000-0000-0000-000000000000';
type ById = RouteContext<unknown, { id: string }>;

const uuidOf = (id: string): string =>
  configurationId.decode(id) ??
  (() => {
    throw notFound('Checkout configuration');
  })();

function checkPlanChoice(body: CreateConfigurationBody): void {
  const hasId = body.plan_id != null;
  const hasPlan = body.plan != null;
  if (hasId && hasPlan) throw badRequest('PLAN__CONFLICT', 'plan_id and plan are mutually exclusive: give only one.');
  if (body.mode === 'setup') {
    if (hasId || hasPlan) throw badRequest('PLAN__NOT_ALLOWED', 'A setup-mode checkout configuration takes neither plan_id nor plan.');
  } else if (!hasId && !hasPlan) {
    throw badRequest('PLAN__MISSING', 'A payment-mode checkout configuration needs plan_id or plan.');
  }
}

export const checkoutConfigurationRoutes = [
  route({
    method: 'POST',
    path: '/checkout_configurations',
    scope: 'checkout-link:write',
    status: 201,
    versionContext,
    schema: { tags: TAGS, summary: 'Create a checkout configuration', body: configurationBody, response: { 201: configurationResponse } },
    handle: async (ctx: RouteContext<CreateConfigurationBody | undefined>) => {
      const body = ctx.body ?? ({} as CreateConfigurationBody);
      await checkOwner(ctx, body.account_id);
      checkPlanChoice(body);
      let link: WhopLinkFragment;
      if (body.plan) {
        await checkOwner(ctx, body.plan.account_id);
        link = await createInlinePlanLink(ctx, body.plan, toCreateCheckoutLinkInput(body, null));
      } else {
        const plan = body.plan_id != null ? planId.decode(body.plan_id) : null;
        if (body.plan_id != null && !plan) throw notFound('Plan');
        const input = toCreateCheckoutLinkInput(body, plan);
        try {
          link = await createLink(ctx, input);
        } catch (error) {
          // A Whop plan id may name one tier of a plan of several tiers: the link sells that tier.
          // Looked up only once no plan has the id (a plan's create writes nothing before that).
          if (!plan || !(error instanceof GatewayError) || error.reason !== 'PLAN__NOT_FOUND') throw error;
          const tier = (await ctx.execute(WhopPlanTierDocument, { id: plan })).planTier;
          if (!tier || tier.plan.pricing || tier.plan.tiers.length <= 1) throw error;
          link = await createLink(ctx, { ...input, planId: null, planTierId: tier.id });
        }
      }
      return toWhopCheckoutConfiguration(link, { showMetadata: true });
    },
  }),
  route({
    method: 'GET',
    path: '/checkout_configurations',
    scope: 'checkout-link:read',
    schema: {
      tags: TAGS,
      summary: 'List checkout configurations',
      querystring: configurationListQuery,
      response: { 200: pageResponse(configurationResponse) },
    },
    // A list walks each configuration back to the pinned version (the envelope has no version changes).
    handle: async (ctx: RouteContext<unknown, Record<string, string>, WhopListQuery & JsonObject>) => {
      const query = whopVersions.upgradeRequest(ctx.version, { ...ctx.query }, versionContext) as WhopListQuery & JsonObject;
      await checkOwner(ctx, query.account_id);
      const filter: CheckoutLinkFilter = {};
      if (typeof query.plan_id === 'string' && query.plan_id) filter.planId = planId.decode(query.plan_id) ?? NO_ROW;
      const after = parseTimestamp(query.created_after, 'created_after');
      const before = parseTimestamp(query.created_before, 'created_before');
      if (after) filter.createdAfter = after;
      if (before) filter.createdBefore = before;
      const page = await ctx.unwrap(WhopConfigurationsDocument, { ...pageArgs(query), filter }, (d) => d.checkoutLinks);
      const data = page.nodes.map((link) =>
        whopVersions.downgradeResponse(ctx.version, toWhopCheckoutConfiguration(link, { showMetadata: true }), versionContext),
      );
      return toWhopPage(data, page.pageInfo);
    },
  }),
  route({
    method: 'GET',
    path: '/checkout_configurations/:id',
    scope: 'public',
    versionContext,
    schema: {
      tags: TAGS,
      summary: 'Retrieve a checkout configuration (public)',
      params: idParams('ch_ id'),
      response: { 200: configurationResponse },
      security: [],
    },
    // Public: a key that owns the link and may read links sees its metadata; anyone else does not.
    handle: async (ctx: ById) => {
      const uuid = uuidOf(ctx.params.id);
      if (ctx.principal?.scopes.has('checkout-link:read')) {
        const own = await ctx.execute(WhopConfigurationDocument, { id: uuid });
        if (own.checkoutLink) return toWhopCheckoutConfiguration(own.checkoutLink, { showMetadata: true });
      }
      const link = await found(ctx, WhopPublicConfigurationDocument, { id: uuid }, (d) => d.publicCheckoutLink, 'Checkout configuration');
      return toWhopCheckoutConfiguration(link, { showMetadata: false });
    },
  }),
  route({
    method: 'DELETE',
    path: '/checkout_configurations/:id',
    scope: 'checkout-link:write',
    schema: { tags: TAGS, summary: 'Delete a checkout configuration', params: idParams('ch_ id'), response: { 200: deletedResponse } },
    handle: async (ctx: ById) => {
      await found(ctx, WhopDeleteConfigurationDocument, { id: uuidOf(ctx.params.id) }, (d) => d.deleteCheckoutLink, 'Checkout configuration');
      return { id: ctx.params.id, deleted: true };
    },
  }),
];
