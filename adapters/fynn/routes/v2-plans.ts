// Fynn V2 Plans API: /api/plans (create, list, get, replace, activate, archive).
import {
  FynnActivatePlanDocument,
  FynnArchivePlanDocument,
  FynnCreatePlanDocument,
  FynnGetPlanDocument,
  FynnListPlansDocument,
  FynnReplacePlanDocument,
  type FynnPlanFieldsFragment,
  type PlanStatus,
} from '../../../src/generated/operations.ts';
import { type RouteInput, route } from '../../kernel/dialect.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { toCreatePlanInput, toReplacePlanInput, toV2Plan, type V2PlanBody } from '../mappers/plan.ts';
import { v2Page, v2PageQuery, v2Window, type V2PageQuery } from '../mappers/v2-page.ts';
import { idParams } from '../schemas/common.ts';
import { plan, planInput } from '../schemas/plans.ts';
import { PERMISSIONS } from './permissions.ts';

export const planNotFound = (): GatewayError => new GatewayError('NOT_FOUND', 'PLAN__NOT_FOUND', 'Plan not found.');

const tags = ['Plans'];
type ById<TBody = unknown> = RouteInput<TBody, { id: string }>;

/** The plan of a mutation payload (absent only with userErrors, which the runner answers first). */
const planOf = (payload: { plan?: FynnPlanFieldsFragment | null }) =>
  toV2Plan(
    payload.plan ??
      (() => {
        throw planNotFound();
      })(),
  );

export const v2PlanRoutes = [
  route({
    method: 'POST',
    path: '/plans',
    scope: PERMISSIONS['plan:write'],
    status: 201,
    schema: { tags, summary: 'Create a plan (draft)', operationId: 'createPlan', body: planInput, response: { 201: plan } },
    document: FynnCreatePlanDocument,
    variables: ({ body }: RouteInput<V2PlanBody>) => ({ input: toCreatePlanInput(body) }),
    pick: (d) => d.createPlan,
    respond: planOf,
  }),
  route({
    method: 'GET',
    path: '/plans',
    scope: PERMISSIONS['plan:read'],
    schema: {
      tags,
      summary: 'List plans',
      operationId: 'listPlans',
      description:
        'A bare array, one page of it (page, limit <= 100, default 100): X-Total-Count and Link (rel="first", "prev", "next", "last") tell the rest.',
      querystring: { type: 'object', properties: { status: { type: 'string', enum: ['draft', 'active', 'archived'] }, ...v2PageQuery } },
      response: { 200: { type: 'array', items: plan } },
    },
    document: FynnListPlansDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, V2PageQuery & { status?: 'draft' | 'active' | 'archived' }>) => ({
      ...v2Window(query),
      status: query.status ? (query.status.toUpperCase() as PlanStatus) : null,
    }),
    pick: (d) => d.plans,
    respond: (plans, { request, query }) => v2Page(plans.nodes.map(toV2Plan), request, query, plans.totalCount),
  }),
  route({
    method: 'GET',
    path: '/plans/:id',
    scope: PERMISSIONS['plan:read'],
    schema: { tags, summary: 'Get a plan', operationId: 'getPlan', params: idParams, response: { 200: plan } },
    document: FynnGetPlanDocument,
    variables: ({ params }: ById) => ({ id: params.id }),
    pick: (d) => d.plan,
    missing: planNotFound,
    respond: toV2Plan,
  }),
  route({
    method: 'PUT',
    path: '/plans/:id',
    scope: PERMISSIONS['plan:write'],
    schema: {
      tags,
      summary: 'Update a plan (full replace)',
      operationId: 'updatePlan',
      description: 'Replaces the plan as a whole: send every tier and item to keep, with ids to keep rows stable. An archived plan cannot be updated (409).',
      params: idParams,
      body: planInput,
      response: { 200: plan },
    },
    document: FynnReplacePlanDocument,
    variables: ({ params, body }: ById<V2PlanBody>) => ({ id: params.id, input: toReplacePlanInput(body) }),
    pick: (d) => d.replacePlan,
    respond: planOf,
  }),
  route({
    method: 'POST',
    path: '/plans/:id/activate',
    scope: PERMISSIONS['plan:write'],
    schema: { tags, summary: 'Activate a plan', operationId: 'activatePlan', params: idParams, response: { 200: plan } },
    document: FynnActivatePlanDocument,
    variables: ({ params }: ById) => ({ id: params.id }),
    pick: (d) => d.activatePlan,
    respond: planOf,
  }),
  route({
    method: 'POST',
    path: '/plans/:id/archive',
    scope: PERMISSIONS['plan:write'],
    schema: { tags, summary: 'Archive a plan', operationId: 'archivePlan', params: idParams, response: { 200: plan } },
    document: FynnArchivePlanDocument,
    variables: ({ params }: ById) => ({ id: params.id }),
    pick: (d) => d.archivePlan,
    respond: planOf,
  }),
];
