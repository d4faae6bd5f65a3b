// POST/GET /plans, GET/PATCH/DELETE /plans/{id}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  WhopDeletePlanDocument, WhopPlanDocument, WhopPlansDocument, WhopPlanTierDocument, WhopUpdatePlanDocument, type PlanFilter, type WhopPlanFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { accountOf } from './account.ts';
import { notFound } from '../errors.ts';
import { found } from './found.ts';
import { planId, productId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { planAttributes, tierAsWhopPlan, toUpdatePlanInput, toWhopPlan, whopPlansOf, type WhopPlanBody } from '../mappers/plan.ts';
import { createWhopPlan } from './plan-writer.ts';
import { authed, checkOwner, idempotentPost, principalOf, sendJson, versionOf } from './request.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import { planBody, planListQuery, planResponse } from '../schemas/plans.ts';
import { whopVersions, type JsonObject } from '../versions.ts';

const ctx = { resource: 'plan' } as const;
const TAGS = ['Plans'];

async function present(core: GatewayCore, request: FastifyRequest, plans: WhopPlanFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(core, request);
  return plans.map((plan) => whopVersions.downgradeResponse(versionOf(request), toWhopPlan(plan, org), ctx));
}

/** Lists: a plan of several tiers shows as one Whop plan per tier (mappers/plan.ts whopPlansOf). */
async function presentAll(core: GatewayCore, request: FastifyRequest, plans: WhopPlanFragment[]): Promise<JsonObject[]> {
  const org = await accountOf(core, request);
  return plans.flatMap((plan) => whopPlansOf(plan, org)).map((p) => whopVersions.downgradeResponse(versionOf(request), p, ctx));
}

/** GET /plans/{id}: a plan, or one tier of a plan of several tiers (its own Whop plan id). */
async function retrieve(core: GatewayCore, request: FastifyRequest, id: string): Promise<JsonObject> {
  const uuid = planId.decode(id);
  if (!uuid) throw notFound('Plan');
  const orNull = <T>(run: () => T): T | null => {
    try {
      return run();
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  };
  const planResult = await runOperation(core, request, WhopPlanDocument, { id: uuid });
  const plan = orNull(() => unwrap(planResult, (d: { plan: WhopPlanFragment | null }) => d.plan));
  if (plan && (plan.pricing || plan.tiers.length <= 1)) return (await present(core, request, [plan]))[0] as JsonObject;
  const tierResult = plan ? null : await runOperation(core, request, WhopPlanTierDocument, { id: uuid });
  const tier = tierResult ? orNull(() => unwrap(tierResult, (d: { planTier: { id: string; plan: WhopPlanFragment } | null }) => d.planTier)) : null;
  if (!tier || tier.plan.pricing || tier.plan.tiers.length <= 1) throw notFound('Plan');
  return whopVersions.downgradeResponse(versionOf(request), tierAsWhopPlan(tier.plan, tier.id, await accountOf(core, request)), ctx);
}

const upgraded = <T>(request: FastifyRequest, value: unknown): T =>
  whopVersions.upgradeRequest(versionOf(request), { ...((value ?? {}) as JsonObject) }, ctx) as T;

async function findPlan(core: GatewayCore, request: FastifyRequest, id: string): Promise<WhopPlanFragment> {
  const uuid = planId.decode(id);
  if (!uuid) throw notFound('Plan');
  return found(await runOperation(core, request, WhopPlanDocument, { id: uuid }), (d: { plan: WhopPlanFragment | null }) => d.plan, 'Plan');
}

async function create(core: GatewayCore, request: FastifyRequest): Promise<JsonObject> {
  const principal = await principalOf(core, request);
  const body = upgraded<WhopPlanBody>(request, request.body);
  await checkOwner(core, request, principal, body.account_id);
  const plan = await createWhopPlan(core, request, planAttributes(body), null);
  return (await present(core, request, [plan]))[0] as JsonObject;
}

async function list(core: GatewayCore, request: FastifyRequest): Promise<JsonObject> {
  const principal = await principalOf(core, request);
  const query = upgraded<WhopListQuery & JsonObject>(request, request.query);
  await checkOwner(core, request, principal, query.account_id);
  const filter: PlanFilter = {};
  const product = query['product_ids[]'] ?? query.product_ids;
  const first = Array.isArray(product) ? product[0] : product;
  if (typeof first === 'string' && first) filter.productId = productId.decode(first) ?? '00000000-0000-0000-0000-000000000000';
  const page = unwrap(await runOperation(core, request, WhopPlansDocument, { ...pageArgs(query), filter }), (d: { plans: unknown }) => d.plans) as {
    nodes: WhopPlanFragment[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  };
  return toWhopPage(await presentAll(core, request, page.nodes), page.pageInfo) as unknown as JsonObject;
}

async function update(core: GatewayCore, request: FastifyRequest, id: string): Promise<JsonObject> {
  const existing = await findPlan(core, request, id);
  const body = upgraded<WhopPlanBody>(request, request.body);
  const input = toUpdatePlanInput(body, existing.currency ?? 'USD');
  const result = await runOperation(core, request, WhopUpdatePlanDocument, { id: existing.id, input });
  const plan = unwrap(result, (d: { updatePlan: { plan: WhopPlanFragment | null } }) => d.updatePlan).plan as WhopPlanFragment;
  return (await present(core, request, [plan]))[0] as JsonObject;
}

export function planRoutes(instance: FastifyInstance, core: GatewayCore): void {
  instance.post('/plans', {
    onRequest: authed(core, 'plan:write'),
    schema: { tags: TAGS, summary: 'Create a plan', body: planBody, response: { 201: planResponse } },
  }, (request, reply) => idempotentPost(core, request, reply, async () => ({ status: 201, body: await create(core, request) })));

  instance.get('/plans', {
    onRequest: authed(core, 'plan:read'),
    schema: { tags: TAGS, summary: 'List plans', querystring: planListQuery, response: { 200: pageResponse(planResponse) } },
  }, async (request, reply) => sendJson(reply, 200, await list(core, request)));

  instance.get<{ Params: { id: string } }>('/plans/:id', {
    onRequest: authed(core, 'plan:read'),
    schema: { tags: TAGS, summary: 'Retrieve a plan', params: idParams('plan_ id'), response: { 200: planResponse } },
  }, async (request, reply) => sendJson(reply, 200, await retrieve(core, request, request.params.id)));

  instance.patch<{ Params: { id: string } }>('/plans/:id', {
    onRequest: authed(core, 'plan:write'),
    schema: { tags: TAGS, summary: 'Update a plan', params: idParams('plan_ id'), body: planBody, response: { 200: planResponse } },
  }, async (request, reply) => sendJson(reply, 200, await update(core, request, request.params.id)));

  instance.delete<{ Params: { id: string } }>('/plans/:id', {
    onRequest: authed(core, 'plan:write'),
    schema: { tags: TAGS, summary: 'Delete a plan', params: idParams('plan_ id'), response: { 200: trueResponse } },
  }, async (request, reply) => {
    const uuid = planId.decode(request.params.id);
    if (!uuid) throw notFound('Plan');
    found(await runOperation(core, request, WhopDeletePlanDocument, { id: uuid }), (d: { deletePlan: unknown }) => d.deletePlan, 'Plan');
    return sendJson(reply, 200, true);
  });
}
