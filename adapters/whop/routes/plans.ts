// POST/GET /plans, GET/PATCH/DELETE /plans/{id}.
import {
  WhopDeletePlanDocument,
  WhopPlanDocument,
  WhopPlansDocument,
  WhopPlanTierDocument,
  WhopUpdatePlanDocument,
  type PlanFilter,
  type WhopPlanFragment,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { notFound } from '../errors.ts';
import { planId, productId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { planAttributes, toWhopTierPlan, toUpdatePlanInput, toWhopPlan, toWhopPlans, type WhopPlanBody } from '../mappers/plan.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import { planBody, planListQuery, planResponse } from '../schemas/plans.ts';
import { type JsonObject, whopVersions } from '../versions.ts';
import { accountOf, found } from './found.ts';
import { checkOwner } from './owner.ts';
import { createWhopPlan } from './plan-writer.ts';

const versionContext = { resource: 'plan' } as const;
const TAGS = ['Plans'];
/** An unknown product id lists nothing (a UUID no row has). */
const NO_ROW = '00000000-0000-0000-0000-000000000000';
type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

/** Plans in the latest shape (single objects are walked back to the pinned version by the runner). */
async function present(ctx: RouteContext<unknown, unknown, unknown>, plans: WhopPlanFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(ctx);
  return plans.map((plan) => toWhopPlan(plan, org));
}

const uuidOf = (id: string): string =>
  planId.decode(id) ??
  (() => {
    throw notFound('Plan');
  })();
const findPlan = (ctx: ById<unknown>) => found(ctx, WhopPlanDocument, { id: uuidOf(ctx.params.id) }, (d) => d.plan, 'Plan');

export const planRoutes = [
  route({
    method: 'POST',
    path: '/plans',
    scope: 'plan:write',
    status: 201,
    versionContext,
    schema: { tags: TAGS, summary: 'Create a plan', body: planBody, response: { 201: planResponse } },
    handle: async (ctx: RouteContext<WhopPlanBody>) => {
      await checkOwner(ctx, ctx.body.account_id);
      const plan = await createWhopPlan(ctx, planAttributes(ctx.body));
      return (await present(ctx, [plan]))[0];
    },
  }),
  route({
    method: 'GET',
    path: '/plans',
    scope: 'plan:read',
    schema: { tags: TAGS, summary: 'List plans', querystring: planListQuery, response: { 200: pageResponse(planResponse) } },
    // A list walks each plan back to the pinned version (the envelope has no version changes).
    handle: async (ctx: RouteContext<unknown, Record<string, string>, WhopListQuery & JsonObject>) => {
      const query = whopVersions.upgradeRequest(ctx.version, { ...ctx.query }, versionContext) as WhopListQuery & JsonObject;
      await checkOwner(ctx, query.account_id);
      const filter: PlanFilter = {};
      const product = query['product_ids[]'] ?? query.product_ids;
      const first = Array.isArray(product) ? product[0] : product;
      if (typeof first === 'string' && first) filter.productId = productId.decode(first) ?? NO_ROW;
      const page = await ctx.unwrap(WhopPlansDocument, { ...pageArgs(query), filter }, (d) => d.plans);
      // A plan of several tiers lists as one Whop plan per tier (mappers/plan.ts toWhopPlans).
      const org = await accountOf(ctx);
      const plans = page.nodes.flatMap((plan) => toWhopPlans(plan, org)).map((plan) => whopVersions.downgradeResponse(ctx.version, plan, versionContext));
      return toWhopPage(plans, page.pageInfo);
    },
  }),
  route({
    method: 'GET',
    path: '/plans/:id',
    scope: 'plan:read',
    versionContext,
    schema: { tags: TAGS, summary: 'Retrieve a plan', params: idParams('plan_ id'), response: { 200: planResponse } },
    // A plan, or one tier of a plan of several tiers (its own Whop plan id).
    handle: async (ctx: ById) => {
      const uuid = uuidOf(ctx.params.id);
      const plan = (await ctx.execute(WhopPlanDocument, { id: uuid })).plan;
      if (plan && (plan.pricing || plan.tiers.length <= 1)) return (await present(ctx, [plan]))[0];
      const tier = plan ? null : (await ctx.execute(WhopPlanTierDocument, { id: uuid })).planTier;
      if (!tier || tier.plan.pricing || tier.plan.tiers.length <= 1) throw notFound('Plan');
      return toWhopTierPlan(tier.plan, tier.id, await accountOf(ctx));
    },
  }),
  route({
    method: 'PATCH',
    path: '/plans/:id',
    scope: 'plan:write',
    versionContext,
    schema: { tags: TAGS, summary: 'Update a plan', params: idParams('plan_ id'), body: planBody, response: { 200: planResponse } },
    handle: async (ctx: ById<WhopPlanBody | undefined>) => {
      const existing = await findPlan(ctx);
      const input = toUpdatePlanInput(ctx.body ?? {}, existing.currency ?? 'USD');
      const updated = await ctx.unwrap(WhopUpdatePlanDocument, { id: existing.id, input }, (d) => d.updatePlan);
      return (await present(ctx, [returned(updated.plan, 'plan')]))[0];
    },
  }),
  route({
    method: 'DELETE',
    path: '/plans/:id',
    scope: 'plan:write',
    schema: { tags: TAGS, summary: 'Delete a plan', params: idParams('plan_ id'), response: { 200: trueResponse } },
    handle: async (ctx: ById) => {
      await found(ctx, WhopDeletePlanDocument, { id: uuidOf(ctx.params.id) }, (d) => d.deletePlan, 'Plan');
      return true;
    },
  }),
];
