// /v1/webhook_endpoints (create, list, retrieve, update, delete), /v1/events (list, retrieve) and
// /v1/checkout/sessions (retrieve, list by checkout_link): LeanRails as docs.fluveo.com documents it.
import qs from 'qs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { missing, paramError } from '../errors.ts';
import { found, mutated, unwrapped } from './found.ts';
import { idempotentPost } from './idempotent-post.ts';
import { ids } from '../ids.ts';
import { listBody, listQueryProperties, pageArgs, type ListQuery } from '../mappers/list.ts';
import { mergeMetadata } from '../mappers/common.ts';
import { coreTypesOf } from '../mappers/event.ts';
import {
  checkoutSessionObject,
  leanrailsEventObject,
  webhookEndpointCreateInput,
  webhookEndpointObject,
  webhookEndpointUpdateInput,
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
import { present } from '../versions.ts';

type Range = number | { gt?: number; gte?: number; lt?: number; lte?: number };
interface EventQuery extends ListQuery {
  type?: string;
  types?: string[];
  created?: Range;
  delivery_success?: boolean;
}

const endpointResponses = { 200: webhookEndpointObjectSchema, '4xx': errorResponse };

/** Bracket query strings (`types[]=a`, `created[gte]=1`) as nested values, before validation. */
async function bracketQuery(request: FastifyRequest): Promise<void> {
  const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  (request as { query: unknown }).query = qs.parse(search, { depth: 2, arrayLimit: 20, parameterLimit: 100, allowPrototypes: false });
}

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

export function webhookRoutes(app: FastifyInstance, core: GatewayCore): void {
  const loadEndpoint = async (request: FastifyRequest, id: string) => {
    const uuid = ids.webhookEndpoint.decode(id);
    if (!uuid) throw missing('webhook_endpoint', id);
    // Endpoints of other faces (Whop, Fynn, STANDARD) are not LeanRails' to show.
    const endpoint = found(await runOperation(core, request, LeanRailsWebhookEndpointDocument, { id: uuid }), (d) => d.webhookEndpoint, 'webhook_endpoint', id);
    if (endpoint.format !== 'LEANRAILS') throw missing('webhook_endpoint', id);
    return endpoint;
  };

  app.post<{ Body: WebhookEndpointCreateBody }>('/v1/webhook_endpoints', {
    schema: { tags: ['webhook_endpoints'], summary: 'Create a webhook endpoint (the secret is in this answer only)', headers: postHeaders, body: webhookEndpointCreateBody, response: endpointResponses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const payload = unwrapped(await runOperation(core, request, LeanRailsCreateWebhookEndpointDocument, { input: webhookEndpointCreateInput(request.body) }), (d) => d.createWebhookEndpoint);
      if (!payload.webhookEndpoint) throw new GatewayError('INTERNAL', 'INTERNAL', 'The mutation returned no object.');
      return { status: 200, body: present(request, webhookEndpointObject(payload.webhookEndpoint, payload.secret), 'webhook_endpoint') };
    }),
  );

  app.get<{ Querystring: ListQuery }>('/v1/webhook_endpoints', {
    schema: { tags: ['webhook_endpoints'], summary: 'List webhook endpoints', querystring: { type: 'object', properties: listQueryProperties, additionalProperties: false }, response: { 200: listResponse(webhookEndpointObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.webhookEndpoint);
    const page = unwrapped(await runOperation(core, request, LeanRailsWebhookEndpointsDocument, args), (d) => d.webhookEndpoints);
    return present(request, listBody('/v1/webhook_endpoints', page.nodes.map((e) => webhookEndpointObject(e)), page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/webhook_endpoints/:id', {
    schema: { tags: ['webhook_endpoints'], summary: 'Retrieve a webhook endpoint', params: idParams, response: endpointResponses },
  }, async (request) => present(request, webhookEndpointObject(await loadEndpoint(request, request.params.id)), 'webhook_endpoint'));

  app.post<{ Params: { id: string }; Body: WebhookEndpointUpdateBody }>('/v1/webhook_endpoints/:id', {
    schema: { tags: ['webhook_endpoints'], summary: 'Update a webhook endpoint', headers: postHeaders, params: idParams, body: webhookEndpointUpdateBody, response: endpointResponses },
  }, (request, reply) =>
    idempotentPost(core, request, reply, async () => {
      const current = await loadEndpoint(request, request.params.id);
      const input = webhookEndpointUpdateInput(request.body, mergeMetadata(current.metadata, request.body.metadata));
      const endpoint = mutated(await runOperation(core, request, LeanRailsUpdateWebhookEndpointDocument, { id: current.id, input }), (d) => d.updateWebhookEndpoint, (p) => p.webhookEndpoint);
      return { status: 200, body: present(request, webhookEndpointObject(endpoint), 'webhook_endpoint') };
    }),
  );

  app.delete<{ Params: { id: string } }>('/v1/webhook_endpoints/:id', {
    schema: { tags: ['webhook_endpoints'], summary: 'Delete a webhook endpoint', params: idParams, response: { 200: webhookEndpointDeletedSchema, '4xx': errorResponse } },
  }, async (request) => {
    const current = await loadEndpoint(request, request.params.id);
    unwrapped(await runOperation(core, request, LeanRailsDeleteWebhookEndpointDocument, { id: current.id }), (d) => d.deleteWebhookEndpoint.deletedId);
    return { id: request.params.id, object: 'webhook_endpoint', deleted: true };
  });

  app.get<{ Querystring: EventQuery }>('/v1/events', {
    preValidation: bracketQuery,
    schema: { tags: ['events'], summary: 'List events of the last 30 days, newest first', querystring: eventListQuery, response: { 200: listResponse(eventObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const q = request.query;
    if (q.type && q.types) throw paramError(['types'], 'Use only one of type and types.');
    const args = pageArgs(q, ids.event);
    const names = q.types ?? (q.type ? [q.type] : ['*']);
    // Core types LeanRails has no name for are never listed; an unknown name matches nothing.
    const types = coreTypesOf(names);
    const filter: EventFilter = { types: types.length ? types : ['none.none'], ...createdFilter(q.created), deliverySuccess: q.delivery_success ?? null };
    const page = unwrapped(await runOperation(core, request, LeanRailsEventsDocument, { ...args, filter }), (d) => d.events);
    const data = page.nodes.map(leanrailsEventObject).filter((e) => e !== null);
    return present(request, listBody('/v1/events', data, page.pageInfo, args), 'list');
  });

  app.get<{ Params: { id: string } }>('/v1/events/:id', {
    schema: { tags: ['events'], summary: 'Retrieve an event (of the last 30 days)', params: idParams, response: { 200: eventObjectSchema, '4xx': errorResponse } },
  }, async (request) => {
    const uuid = ids.event.decode(request.params.id);
    if (!uuid) throw missing('event', request.params.id);
    const event = found(await runOperation(core, request, LeanRailsEventDocument, { id: uuid }), (d) => d.event, 'event', request.params.id);
    const object = leanrailsEventObject(event);
    if (!object) throw missing('event', request.params.id);
    return present(request, object, 'event');
  });

  app.get<{ Params: { id: string } }>('/v1/checkout/sessions/:id', {
    schema: { tags: ['checkout_sessions'], summary: 'Retrieve a checkout session', params: idParams, response: { 200: sessionObjectSchema, '4xx': errorResponse } },
  }, async (request) => {
    const uuid = ids.session.decode(request.params.id);
    if (!uuid) throw missing('checkout.session', request.params.id);
    const session = found(await runOperation(core, request, LeanRailsCheckoutSessionDocument, { id: uuid }), (d) => d.checkoutSession, 'checkout.session', request.params.id);
    return present(request, checkoutSessionObject(session), 'checkout.session');
  });

  app.get<{ Querystring: ListQuery & { checkout_link?: string; status?: string } }>('/v1/checkout/sessions', {
    schema: { tags: ['checkout_sessions'], summary: 'List checkout sessions (of one checkout_link)', querystring: sessionListQuery, response: { 200: listResponse(sessionObjectSchema), '4xx': errorResponse } },
  }, async (request) => {
    const args = pageArgs(request.query, ids.session);
    let checkoutLinkId: string | undefined;
    if (request.query.checkout_link !== undefined) {
      const decoded = ids.link.decode(request.query.checkout_link);
      if (!decoded) throw paramError(['checkout_link'], `'${request.query.checkout_link}' is not a valid cl_ id.`);
      checkoutLinkId = decoded;
    }
    const status = request.query.status ? (request.query.status.toUpperCase() as CheckoutSessionStatus) : undefined;
    const page = unwrapped(await runOperation(core, request, LeanRailsCheckoutSessionsDocument, { ...args, filter: { checkoutLinkId, status } }), (d) => d.checkoutSessions);
    return present(request, listBody('/v1/checkout/sessions', page.nodes.map(checkoutSessionObject), page.pageInfo, args), 'list');
  });
}
