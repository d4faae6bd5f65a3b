// /v1/webhook_endpoints (create, list, retrieve, update, delete), /v1/events (list, retrieve) and
// /v1/checkout/sessions (retrieve, list by checkout_link): LeanRails as docs.fluveo.com documents it.
import qs from 'qs';
import {
  LeanRailsCheckoutSessionDocument,
  LeanRailsCheckoutSessionsDocument,
  LeanRailsCreateWebhookEndpointDocument,
  LeanRailsDeleteWebhookEndpointDocument,
  LeanRailsEventDocument,
  LeanRailsEventsDocument,
  LeanRailsUpdateWebhookEndpointDocument,
  LeanRailsWebhookEndpointDocument,
  LeanRailsWebhookEndpointsDocument,
  type CheckoutSessionStatus,
  type EventFilter,
} from '../../../src/generated/operations.ts';
import { type RouteContext, type RouteInput, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { missing, paramError } from '../errors.ts';
import { ids } from '../ids.ts';
import { coreTypesOf } from '../mappers/event.ts';
import { listBody, listQueryProperties, pageArgs, type ListQuery } from '../../kernel/stripe/list.ts';
import {
  toLeanRailsCheckoutSession,
  toLeanRailsEvent,
  toCreateWebhookEndpointInput,
  toLeanRailsWebhookEndpoint,
  toUpdateWebhookEndpointInput,
  type WebhookEndpointCreateBody,
  type WebhookEndpointUpdateBody,
} from '../mappers/webhook.ts';
import { errorResponse, idParams, listResponse, postHeaders } from '../schemas/common.ts';
import {
  eventListQuery,
  eventObjectSchema,
  sessionListQuery,
  sessionObjectSchema,
  webhookEndpointCreateBody,
  webhookEndpointDeletedSchema,
  webhookEndpointObjectSchema,
  webhookEndpointUpdateBody,
} from '../schemas/webhooks.ts';

type Range = number | { gt?: number; gte?: number; lt?: number; lte?: number };
interface EventQuery extends ListQuery {
  type?: string;
  types?: string[];
  created?: Range;
  delivery_success?: boolean;
}
type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

const endpointResponses = { 200: webhookEndpointObjectSchema, '4xx': errorResponse };
const endpointObject = { object: 'webhook_endpoint' };
const listObject = { object: 'list' };

/** Bracket query strings (`types[]=a`, `created[gte]=1`) as nested values, before validation. */
const bracketQuery = (search: string): Record<string, unknown> => qs.parse(search, { depth: 2, arrayLimit: 20, parameterLimit: 100, allowPrototypes: false });

/** `created` (unix seconds, exact or a range) as the core's exclusive bounds. */
function createdFilter(created: Range | undefined): Pick<EventFilter, 'createdAfter' | 'createdBefore'> {
  if (created === undefined) return {};
  const at = (s: number) => new Date(s * 1000).toISOString();
  if (typeof created === 'number') return { createdAfter: at(created - 0.001), createdBefore: at(created + 1) };
  const out: Pick<EventFilter, 'createdAfter' | 'createdBefore'> = {};
  if (created.gt !== undefined) out.createdAfter = at(created.gt + 0.999);
  if (created.gte !== undefined) out.createdAfter = at(created.gte - 0.001);
  if (created.lt !== undefined) out.createdBefore = at(created.lt);
  if (created.lte !== undefined) out.createdBefore = at(created.lte + 1);
  return out;
}

/** An endpoint of this face by id; endpoints of other faces (Whop, Fynn, STANDARD) are not LeanRails' to show. */
async function loadEndpoint(ctx: ById<unknown>) {
  const id = ctx.params.id;
  const uuid = ids.webhookEndpoint.decode(id);
  if (!uuid) throw missing('webhook_endpoint', id);
  const endpoint = await ctx.unwrap(
    LeanRailsWebhookEndpointDocument,
    { id: uuid },
    (d) => d.webhookEndpoint,
    () => missing('webhook_endpoint', id),
  );
  if (endpoint.format !== 'LEANRAILS') throw missing('webhook_endpoint', id);
  return endpoint;
}

export const webhookRoutes = [
  route({
    method: 'POST',
    path: '/v1/webhook_endpoints',
    scope: 'webhook:write',
    versionContext: endpointObject,
    schema: {
      tags: ['webhook_endpoints'],
      summary: 'Create a webhook endpoint (the secret is in this answer only)',
      headers: postHeaders,
      body: webhookEndpointCreateBody,
      response: endpointResponses,
    },
    document: LeanRailsCreateWebhookEndpointDocument,
    variables: ({ body }: RouteInput<WebhookEndpointCreateBody>) => ({ input: toCreateWebhookEndpointInput(body) }),
    pick: (d) => d.createWebhookEndpoint,
    respond: (p) => toLeanRailsWebhookEndpoint(returned(p.webhookEndpoint, 'webhook endpoint'), p.secret),
  }),
  route({
    method: 'GET',
    path: '/v1/webhook_endpoints',
    scope: 'webhook:read',
    versionContext: listObject,
    schema: {
      tags: ['webhook_endpoints'],
      summary: 'List webhook endpoints',
      querystring: { type: 'object', properties: listQueryProperties, additionalProperties: false },
      response: { 200: listResponse(webhookEndpointObjectSchema), '4xx': errorResponse },
    },
    document: LeanRailsWebhookEndpointsDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, ListQuery>) => pageArgs(query, ids.webhookEndpoint),
    pick: (d) => d.webhookEndpoints,
    respond: (page, { query }) =>
      listBody(
        '/v1/webhook_endpoints',
        page.nodes.map((e) => toLeanRailsWebhookEndpoint(e)),
        page.pageInfo,
        pageArgs(query, ids.webhookEndpoint),
      ),
  }),
  route({
    method: 'GET',
    path: '/v1/webhook_endpoints/:id',
    scope: 'webhook:read',
    versionContext: endpointObject,
    schema: { tags: ['webhook_endpoints'], summary: 'Retrieve a webhook endpoint', params: idParams, response: endpointResponses },
    handle: async (ctx: ById) => toLeanRailsWebhookEndpoint(await loadEndpoint(ctx)),
  }),
  route({
    method: 'POST',
    path: '/v1/webhook_endpoints/:id',
    scope: 'webhook:write',
    versionContext: endpointObject,
    schema: {
      tags: ['webhook_endpoints'],
      summary: 'Update a webhook endpoint',
      headers: postHeaders,
      params: idParams,
      body: webhookEndpointUpdateBody,
      response: endpointResponses,
    },
    handle: async (ctx: ById<WebhookEndpointUpdateBody>) => {
      const current = await loadEndpoint(ctx);
      const input = toUpdateWebhookEndpointInput(ctx.body);
      const updated = await ctx.unwrap(LeanRailsUpdateWebhookEndpointDocument, { id: current.id, input }, (d) => d.updateWebhookEndpoint);
      return toLeanRailsWebhookEndpoint(returned(updated.webhookEndpoint, 'webhook endpoint'));
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/webhook_endpoints/:id',
    scope: 'webhook:write',
    schema: {
      tags: ['webhook_endpoints'],
      summary: 'Delete a webhook endpoint',
      params: idParams,
      response: { 200: webhookEndpointDeletedSchema, '4xx': errorResponse },
    },
    handle: async (ctx: ById) => {
      const current = await loadEndpoint(ctx);
      await ctx.unwrap(LeanRailsDeleteWebhookEndpointDocument, { id: current.id }, (d) => d.deleteWebhookEndpoint.deletedId);
      return { id: ctx.params.id, object: 'webhook_endpoint', deleted: true };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/events',
    scope: 'event:read',
    versionContext: listObject,
    queryParser: bracketQuery,
    schema: {
      tags: ['events'],
      summary: 'List events of the last 30 days, newest first',
      querystring: eventListQuery,
      response: { 200: listResponse(eventObjectSchema), '4xx': errorResponse },
    },
    handle: async (ctx: RouteContext<unknown, Record<string, string>, EventQuery>) => {
      const q = ctx.query;
      if (q.type && q.types) throw paramError(['types'], 'Use only one of type and types.');
      const args = pageArgs(q, ids.event);
      const names = q.types ?? (q.type ? [q.type] : ['*']);
      // Core types LeanRails has no name for are never listed; an unknown name matches nothing.
      const types = coreTypesOf(names);
      const filter: EventFilter = { types: types.length ? types : ['none.none'], ...createdFilter(q.created), deliverySuccess: q.delivery_success ?? null };
      const page = await ctx.unwrap(LeanRailsEventsDocument, { ...args, filter }, (d) => d.events);
      const data = page.nodes.map(toLeanRailsEvent).filter((e) => e !== null);
      return listBody('/v1/events', data, page.pageInfo, args);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/events/:id',
    scope: 'event:read',
    versionContext: { object: 'event' },
    schema: {
      tags: ['events'],
      summary: 'Retrieve an event (of the last 30 days)',
      params: idParams,
      response: { 200: eventObjectSchema, '4xx': errorResponse },
    },
    handle: async (ctx: ById) => {
      const id = ctx.params.id;
      const uuid = ids.event.decode(id);
      if (!uuid) throw missing('event', id);
      const event = await ctx.unwrap(
        LeanRailsEventDocument,
        { id: uuid },
        (d) => d.event,
        () => missing('event', id),
      );
      return (
        toLeanRailsEvent(event) ??
        (() => {
          throw missing('event', id);
        })()
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/checkout/sessions/:id',
    scope: 'checkout-link:read',
    versionContext: { object: 'checkout.session' },
    schema: {
      tags: ['checkout_sessions'],
      summary: 'Retrieve a checkout session',
      params: idParams,
      response: { 200: sessionObjectSchema, '4xx': errorResponse },
    },
    handle: async (ctx: ById) => {
      const id = ctx.params.id;
      const uuid = ids.session.decode(id);
      if (!uuid) throw missing('checkout.session', id);
      return toLeanRailsCheckoutSession(
        await ctx.unwrap(
          LeanRailsCheckoutSessionDocument,
          { id: uuid },
          (d) => d.checkoutSession,
          () => missing('checkout.session', id),
        ),
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/checkout/sessions',
    scope: 'checkout-link:read',
    versionContext: listObject,
    schema: {
      tags: ['checkout_sessions'],
      summary: 'List checkout sessions (of one checkout_link)',
      querystring: sessionListQuery,
      response: { 200: listResponse(sessionObjectSchema), '4xx': errorResponse },
    },
    handle: async (ctx: RouteContext<unknown, Record<string, string>, ListQuery & { checkout_link?: string; status?: string }>) => {
      const args = pageArgs(ctx.query, ids.session);
      let checkoutLinkId: string | undefined;
      if (ctx.query.checkout_link !== undefined) {
        const decoded = ids.link.decode(ctx.query.checkout_link);
        if (!decoded) throw paramError(['checkout_link'], `'${ctx.query.checkout_link}' is not a valid cl_ id.`);
        checkoutLinkId = decoded;
      }
      const status = ctx.query.status ? (ctx.query.status.toUpperCase() as CheckoutSessionStatus) : undefined;
      const page = await ctx.unwrap(LeanRailsCheckoutSessionsDocument, { ...args, filter: { checkoutLinkId, status } }, (d) => d.checkoutSessions);
      return listBody('/v1/checkout/sessions', page.nodes.map(toLeanRailsCheckoutSession), page.pageInfo, args);
    },
  }),
];
