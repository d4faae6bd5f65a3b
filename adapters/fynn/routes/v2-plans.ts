// Fynn V2 Plans API: /api/plans (create, list, get, replace, activate, archive).
import type { FastifyInstance } from 'fastify';
import {
  FynnActivatePlanDocument, FynnArchivePlanDocument, FynnCreatePlanDocument, FynnGetPlanDocument,
  FynnListPlansDocument, FynnReplacePlanDocument, type FynnListPlansQuery, type PlanStatus,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { toCreatePlanInput, toReplacePlanInput, toV2Plan, type V2PlanBody } from '../mappers/plan.ts';
import { idParams } from '../schemas/common.ts';
import { plan, planInput } from '../schemas/plans.ts';

export const planNotFound = (): GatewayError => new GatewayError('NOT_FOUND', 'PLAN__NOT_FOUND', 'Plan not found.');

const tags = ['Plans'];
const LIST_PAGE = 100;
const LIST_MAX_PAGES = 10;

export function v2PlanRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: V2PlanBody }>('/plans', {
      config: { fynnPermission: 'plan:write' },
      schema: { tags, summary: 'Create a plan (draft)', operationId: 'createPlan', body: planInput, response: { 201: plan } },
    }, async (request, reply) => {
      const result = await runOperation(core, request, FynnCreatePlanDocument, { input: toCreatePlanInput(request.body) });
      const created = unwrap(result, (d: NonNullable<typeof result.data>) => d.createPlan).plan;
      if (!created) throw planNotFound();
      return reply.status(201).send(toV2Plan(created));
    });

    app.get<{ Querystring: { status?: 'draft' | 'active' | 'archived' } }>('/plans', {
      config: { fynnPermission: 'plan:read' },
      schema: {
        tags, summary: 'List plans', operationId: 'listPlans',
        querystring: { type: 'object', properties: { status: { type: 'string', enum: ['draft', 'active', 'archived'] } } },
        response: { 200: { type: 'array', items: plan } },
      },
    }, async (request) => {
      const status = request.query.status ? (request.query.status.toUpperCase() as PlanStatus) : null;
      const out = [];
      let after: string | null = null;
      for (let page = 0; page < LIST_MAX_PAGES; page++) {
        const result = await runOperation(core, request, FynnListPlansDocument, { first: LIST_PAGE, after, status });
        const plans: FynnListPlansQuery['plans'] = unwrap(result, (d: NonNullable<typeof result.data>) => d.plans);
        out.push(...plans.nodes.map(toV2Plan));
        if (!plans.pageInfo.hasNextPage) break;
        after = plans.pageInfo.endCursor;
      }
      return out;
    });

    app.get<{ Params: { id: string } }>('/plans/:id', {
      config: { fynnPermission: 'plan:read' },
      schema: { tags, summary: 'Get a plan', operationId: 'getPlan', params: idParams, response: { 200: plan } },
    }, async (request) => {
      const result = await runOperation(core, request, FynnGetPlanDocument, { id: request.params.id });
      const found = unwrap(result, (d: NonNullable<typeof result.data>) => ({ plan: d.plan })).plan;
      if (!found) throw planNotFound();
      return toV2Plan(found);
    });

    app.put<{ Params: { id: string }; Body: V2PlanBody }>('/plans/:id', {
      config: { fynnPermission: 'plan:write' },
      schema: {
        tags, summary: 'Update a plan (full replace)', operationId: 'updatePlan',
        description: 'Replaces the plan as a whole: send every tier and item to keep, with ids to keep rows stable. An archived plan cannot be updated (409).',
        params: idParams, body: planInput, response: { 200: plan },
      },
    }, async (request) => {
      const result = await runOperation(core, request, FynnReplacePlanDocument, { id: request.params.id, input: toReplacePlanInput(request.body) });
      const replaced = unwrap(result, (d: NonNullable<typeof result.data>) => d.replacePlan).plan;
      if (!replaced) throw planNotFound();
      return toV2Plan(replaced);
    });

    app.post<{ Params: { id: string } }>('/plans/:id/activate', {
      config: { fynnPermission: 'plan:write' },
      schema: { tags, summary: 'Activate a plan', operationId: 'activatePlan', params: idParams, response: { 200: plan } },
    }, async (request) => {
      const result = await runOperation(core, request, FynnActivatePlanDocument, { id: request.params.id });
      const activated = unwrap(result, (d: NonNullable<typeof result.data>) => d.activatePlan).plan;
      if (!activated) throw planNotFound();
      return toV2Plan(activated);
    });

    app.post<{ Params: { id: string } }>('/plans/:id/archive', {
      config: { fynnPermission: 'plan:write' },
      schema: { tags, summary: 'Archive a plan', operationId: 'archivePlan', params: idParams, response: { 200: plan } },
    }, async (request) => {
      const result = await runOperation(core, request, FynnArchivePlanDocument, { id: request.params.id });
      const archived = unwrap(result, (d: NonNullable<typeof result.data>) => d.archivePlan).plan;
      if (!archived) throw planNotFound();
      return toV2Plan(archived);
    });
  };
}
