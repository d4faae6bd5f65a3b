// POST/GET /checkout_configurations, GET (public) and DELETE /checkout_configurations/{id}.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  WhopPlanTierDocument, WhopConfigurationDocument, WhopConfigurationsDocument, WhopDeleteConfigurationDocument,
  WhopPublicConfigurationDocument, type CheckoutLinkFilter, type WhopLinkFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { runOperation } from '../../kernel/execute.ts';
import { fromGraphQLErrors, unwrap } from '../../kernel/errors.ts';
import { badRequest, notFound } from '../errors.ts';
import { found } from './found.ts';
import { configurationId, planId } from '../ids.ts';
import { pageArgs, parseTimestamp, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toConfiguration, toCreateLinkInput, type CreateConfigurationBody } from '../mappers/configuration.ts';
import { createInlinePlanLink, createLink } from './plan-writer.ts';
import { authed, checkOwner, idempotentPost, principalOf, sendJson, versionOf } from './request.ts';
import { configurationBody, configurationListQuery, configurationResponse } from '../schemas/checkout-configurations.ts';
import { deletedResponse, idParams, pageResponse } from '../schemas/common.ts';
import { whopVersions, type JsonObject } from '../versions.ts';

const ctx = { resource: 'checkout_configuration' } as const;
const TAGS = ['Checkout configurations'];

/** The latest-shape configuration walked back to the request's version. */
const present = (request: FastifyRequest, link: WhopLinkFragment, showMetadata: boolean): JsonObject =>
  whopVersions.downgradeResponse(versionOf(request), toConfiguration(link, { showMetadata }), ctx);

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

async function create(core: GatewayCore, request: FastifyRequest): Promise<JsonObject> {
  const principal = await principalOf(core, request);
  const body = whopVersions.upgradeRequest(versionOf(request), (request.body ?? {}) as JsonObject, ctx) as CreateConfigurationBody;
  await checkOwner(core, request, principal, body.account_id);
  checkPlanChoice(body);
  let link: WhopLinkFragment;
  if (body.plan) {
    await checkOwner(core, request, principal, body.plan.account_id);
    link = await createInlinePlanLink(core, request, body.plan, toCreateLinkInput(body, null));
  } else {
    const plan = body.plan_id != null ? planId.decode(body.plan_id) : null;
    if (body.plan_id != null && !plan) throw notFound('Plan');
    let input = toCreateLinkInput(body, plan);
    // A Whop plan id may name one tier of a plan of several tiers: the link sells that tier.
    if (plan) {
      const tier = (await runOperation(core, request, WhopPlanTierDocument, { id: plan })).data?.planTier;
      if (tier && !tier.plan.pricing && tier.plan.tiers.length > 1) input = { ...input, planId: null, planTierId: tier.id };
    }
    link = await createLink(core, request, input);
  }
  return present(request, link, true);
}

async function list(core: GatewayCore, request: FastifyRequest): Promise<JsonObject> {
  const principal = await principalOf(core, request);
  const query = whopVersions.upgradeRequest(versionOf(request), { ...(request.query as JsonObject) }, ctx) as WhopListQuery & JsonObject;
  await checkOwner(core, request, principal, query.account_id);
  const filter: CheckoutLinkFilter = {};
  if (typeof query.plan_id === 'string' && query.plan_id) filter.planId = planId.decode(query.plan_id) ?? '00000000-0000-0000-0000-000000000000';
  const after = parseTimestamp(query.created_after, 'created_after');
  const before = parseTimestamp(query.created_before, 'created_before');
  if (after) filter.createdAfter = after;
  if (before) filter.createdBefore = before;
  const page = unwrap(
    await runOperation(core, request, WhopConfigurationsDocument, { ...pageArgs(query), filter }),
    (d: { checkoutLinks: unknown }) => d.checkoutLinks,
  ) as { nodes: WhopLinkFragment[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null } };
  return toWhopPage(page.nodes.map((link) => present(request, link, true)), page.pageInfo) as unknown as JsonObject;
}

/** Public: a key that owns the link and may read links sees its metadata; anyone else does not. */
async function retrieve(core: GatewayCore, request: FastifyRequest, id: string): Promise<JsonObject> {
  const uuid = configurationId.decode(id);
  if (!uuid) throw notFound('Checkout configuration');
  const caller = await core.auth(request);
  if (caller.principal?.scopes.has('checkout-link:read')) {
    const own = await runOperation(core, request, WhopConfigurationDocument, { id: uuid });
    const error = fromGraphQLErrors(own.errors);
    if (error) throw error;
    if (own.data?.checkoutLink) return present(request, own.data.checkoutLink, true);
  }
  const open = await runOperation(core, request, WhopPublicConfigurationDocument, { id: uuid });
  const link = found(open, (d: { publicCheckoutLink: WhopLinkFragment | null }) => d.publicCheckoutLink, 'Checkout configuration');
  return present(request, link, false);
}

async function remove(core: GatewayCore, request: FastifyRequest, id: string): Promise<JsonObject> {
  const uuid = configurationId.decode(id);
  if (!uuid) throw notFound('Checkout configuration');
  found(await runOperation(core, request, WhopDeleteConfigurationDocument, { id: uuid }), (d: { deleteCheckoutLink: { deletedId?: string | null } }) => d.deleteCheckoutLink, 'Checkout configuration');
  return { id, deleted: true };
}

export function checkoutConfigurationRoutes(instance: FastifyInstance, core: GatewayCore): void {
  instance.post('/checkout_configurations', {
    onRequest: authed(core, 'checkout-link:write'),
    schema: { tags: TAGS, summary: 'Create a checkout configuration', body: configurationBody, response: { 201: configurationResponse } },
  }, (request, reply) => idempotentPost(core, request, reply, async () => ({ status: 201, body: await create(core, request) })));

  instance.get('/checkout_configurations', {
    onRequest: authed(core, 'checkout-link:read'),
    schema: { tags: TAGS, summary: 'List checkout configurations', querystring: configurationListQuery, response: { 200: pageResponse(configurationResponse) } },
  }, async (request, reply) => sendJson(reply, 200, await list(core, request)));

  instance.get<{ Params: { id: string } }>('/checkout_configurations/:id', {
    schema: { tags: TAGS, summary: 'Retrieve a checkout configuration (public)', params: idParams('ch_ id'), response: { 200: configurationResponse }, security: [] },
  }, async (request, reply) => sendJson(reply, 200, await retrieve(core, request, request.params.id)));

  instance.delete<{ Params: { id: string } }>('/checkout_configurations/:id', {
    onRequest: authed(core, 'checkout-link:write'),
    schema: { tags: TAGS, summary: 'Delete a checkout configuration', params: idParams('ch_ id'), response: { 200: deletedResponse } },
  }, async (request, reply) => sendJson(reply, 200, await remove(core, request, request.params.id)));
}
