// Fynn V2 plan checkout links: POST and GET /api/plans/{id}/checkout-links.
import { FynnCreatePlanLinkDocument, FynnPlanLinksDocument, FynnPlanTierIdsDocument } from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import { toCreatePlanLinkInput, toFynnPlanLink, type V2LinkBody } from '../mappers/plan-link.ts';
import { v2Page, v2PageQuery, v2Window, type V2PageQuery } from '../mappers/v2-page.ts';
import { idParams } from '../schemas/common.ts';
import { createPlanCheckoutLinkInput, planCheckoutLink } from '../schemas/plan-links.ts';
import { PERMISSIONS } from './permissions.ts';
import { planNotFound } from './v2-plans.ts';

const tags = ['Checkout Links'];

/** The plan of the path with its tier ids; 404 PLAN__NOT_FOUND when it is not this tenant's. */
const planTiers = (ctx: RouteContext<unknown, { id: string }, unknown>) =>
  ctx.unwrap(FynnPlanTierIdsDocument, { id: ctx.params.id }, (d) => d.plan, planNotFound);

export const v2LinkRoutes = [
  route({
    method: 'POST',
    path: '/plans/:id/checkout-links',
    scope: PERMISSIONS['plan-checkout-link:write'],
    status: 201,
    schema: {
      tags,
      summary: 'Create a checkout link',
      operationId: 'createPlanCheckoutLink',
      description: 'Create a checkout link that sells one tier of the plan. The returned url is the public entry point that creates a cart.',
      params: idParams,
      body: createPlanCheckoutLinkInput,
      response: { 201: planCheckoutLink },
    },
    // The core checks that the tier is one of the path's plan (PLAN_TIER__NOT_IN_PLAN at
    // planTierId); an unknown plan of the path stays this face's 404.
    handle: async (ctx: RouteContext<V2LinkBody, { id: string }>) => {
      const made = await ctx
        .unwrap(FynnCreatePlanLinkDocument, { input: toCreatePlanLinkInput(ctx.params.id, ctx.body) }, (d) => d.createCheckoutLink)
        .catch((error: unknown) => {
          throw error instanceof GatewayError && error.reason === 'PLAN__NOT_FOUND' ? planNotFound() : error;
        });
      return toFynnPlanLink(returned(made.checkoutLink, 'checkout link'));
    },
  }),
  route({
    method: 'GET',
    path: '/plans/:id/checkout-links',
    scope: PERMISSIONS['plan-checkout-link:read'],
    schema: {
      tags,
      summary: 'List checkout links',
      operationId: 'listPlanCheckoutLinks',
      description:
        'The checkout links of the plan, newest first: a bare array, one page of it (page, limit <= 100, default 100), with X-Total-Count and Link (rel="first", "prev", "next", "last").',
      params: idParams,
      querystring: { type: 'object', properties: v2PageQuery },
      response: { 200: { type: 'array', items: planCheckoutLink } },
    },
    handle: async (ctx: RouteContext<unknown, { id: string }, V2PageQuery>) => {
      const plan = await planTiers(ctx);
      const links = await ctx.unwrap(FynnPlanLinksDocument, { planId: plan.id, ...v2Window(ctx.query) }, (d) => d.checkoutLinks);
      return v2Page(links.nodes.map(toFynnPlanLink), ctx.request, ctx.query, links.totalCount);
    },
  }),
];
