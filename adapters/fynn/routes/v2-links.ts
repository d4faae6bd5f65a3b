// Fynn V2 plan checkout links: POST and GET /api/plans/{id}/checkout-links.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FynnCreatePlanLinkDocument, FynnPlanLinksDocument, FynnPlanTierIdsDocument, type FynnPlanLinksQuery } from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { toCreatePlanLinkInput, toPlanCheckoutLink, type V2LinkBody } from '../mappers/plan-link.ts';
import { planNotFound } from './v2-plans.ts';
import { idParams } from '../schemas/common.ts';
import { createPlanCheckoutLinkInput, planCheckoutLink } from '../schemas/plan-links.ts';

const tags = ['Checkout Links'];
const LIST_PAGE = 100;
const LIST_MAX_PAGES = 10;

/** The plan of the path with its tier ids; 404 PLAN__NOT_FOUND when it is not this tenant's. */
async function planTiers(core: GatewayCore, request: FastifyRequest, id: string) {
  const result = await runOperation(core, request, FynnPlanTierIdsDocument, { id });
  const plan = unwrap(result, (d: NonNullable<typeof result.data>) => ({ plan: d.plan })).plan;
  if (!plan) throw planNotFound();
  return plan;
}

export function v2LinkRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { id: string }; Body: V2LinkBody }>('/plans/:id/checkout-links', {
      config: { fynnPermission: 'plan-checkout-link:write' },
      schema: {
        tags, summary: 'Create a checkout link', operationId: 'createPlanCheckoutLink',
        description: 'Create a checkout link that sells one tier of the plan. The returned url is the public entry point that creates a cart.',
        params: idParams, body: createPlanCheckoutLinkInput, response: { 201: planCheckoutLink },
      },
    }, async (request, reply) => {
      const plan = await planTiers(core, request, request.params.id);
      if (!plan.tiers.some((t) => t.id === request.body.planTierId)) {
        const message = 'The plan tier does not belong to this plan.';
        throw new GatewayError('VALIDATION', 'PLAN_TIER__NOT_IN_PLAN', message, [
          { path: ['planTierId'], message, reason: 'PLAN_TIER__NOT_IN_PLAN', code: 'VALIDATION' },
        ]);
      }
      const result = await runOperation(core, request, FynnCreatePlanLinkDocument, { input: toCreatePlanLinkInput(request.body) });
      const link = unwrap(result, (d: NonNullable<typeof result.data>) => d.createCheckoutLink).checkoutLink;
      if (!link) throw new GatewayError('INTERNAL', 'INTERNAL', 'The link was not returned.');
      return reply.status(201).send(toPlanCheckoutLink(link));
    });

    app.get<{ Params: { id: string } }>('/plans/:id/checkout-links', {
      config: { fynnPermission: 'plan-checkout-link:read' },
      schema: {
        tags, summary: 'List checkout links', operationId: 'listPlanCheckoutLinks',
        description: 'The checkout links of the plan, newest first (a bare array).',
        params: idParams, response: { 200: { type: 'array', items: planCheckoutLink } },
      },
    }, async (request) => {
      const plan = await planTiers(core, request, request.params.id);
      const out = [];
      let after: string | null = null;
      for (let page = 0; page < LIST_MAX_PAGES; page++) {
        const result = await runOperation(core, request, FynnPlanLinksDocument, { planId: plan.id, first: LIST_PAGE, after });
        const links: FynnPlanLinksQuery['checkoutLinks'] = unwrap(result, (d: NonNullable<typeof result.data>) => d.checkoutLinks);
        out.push(...links.nodes.map(toPlanCheckoutLink));
        if (!links.pageInfo.hasNextPage) break;
        after = links.pageInfo.endCursor;
      }
      return out;
    });
  };
}
