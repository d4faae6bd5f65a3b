// Fynn webhooks: POST/GET /webhooks, GET/PUT/DELETE /webhooks/{id}, GET /available-webhook-events.
import {
  FynnCreateWebhookDocument,
  FynnDeleteWebhookDocument,
  FynnUpdateWebhookDocument,
  FynnWebhookDocument,
  FynnWebhookEventTypesDocument,
  FynnWebhooksDocument,
  type FynnWebhookFieldsFragment,
} from '../../../src/generated/operations.ts';
import { type RouteContext, type RouteInput, route } from '../../kernel/dialect.ts';
import { GatewayError, returned } from '../../kernel/errors.ts';
import { isUuid } from '../../../src/contract/ids.ts';
import { toCreateWebhookEndpointInput, toFynnWebhook, toUpdateWebhookEndpointInput, type FynnWebhookBody } from '../mappers/webhook.ts';
import { classicCollectionQuery } from '../schemas/classic-links.ts';
import { idParams } from '../schemas/common.ts';
import { availableEvents, webhook, webhookCollection, webhookInput } from '../schemas/webhooks.ts';
import { PERMISSIONS } from './permissions.ts';

const tags = ['Webhook'];
const MAX_PAGE_SIZE = 100;
const webhookNotFound = (): GatewayError => new GatewayError('NOT_FOUND', 'WEBHOOK__NOT_FOUND', 'Not Found');
type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

/** A webhook of this face (Fynn format) by id, or the classic 404. */
async function load(ctx: ById<unknown>): Promise<FynnWebhookFieldsFragment> {
  if (!isUuid(ctx.params.id)) throw webhookNotFound();
  const found = await ctx.unwrap(FynnWebhookDocument, { id: ctx.params.id }, (d) => d.webhookEndpoint, webhookNotFound);
  if (found.format !== 'FYNN') throw webhookNotFound();
  return found;
}

export const webhookRoutes = [
  route({
    method: 'POST',
    path: '/webhooks',
    scope: PERMISSIONS['webhook:write'],
    status: 201,
    schema: {
      tags,
      summary: 'Create a webhook',
      operationId: 'createWebhook',
      description: 'Required permissions: webhook:write. The answer carries the signing secret, once.',
      body: { ...webhookInput, required: ['url'] },
      response: { 201: webhook },
    },
    document: FynnCreateWebhookDocument,
    variables: ({ body }: RouteInput<FynnWebhookBody & { url: string }>) => ({ input: toCreateWebhookEndpointInput(body) }),
    pick: (d) => d.createWebhookEndpoint,
    respond: (p) => toFynnWebhook(returned(p.webhookEndpoint, 'webhook'), p.secret),
  }),
  route({
    method: 'GET',
    path: '/webhooks',
    scope: PERMISSIONS['webhook:read'],
    schema: {
      tags,
      summary: 'List webhooks',
      operationId: 'listWebhooks',
      description: 'Required permissions: webhook:read',
      querystring: classicCollectionQuery,
      response: { 200: webhookCollection },
    },
    document: FynnWebhooksDocument,
    variables: ({ query }: RouteInput<unknown, Record<string, string>, { page: number; itemsPerPage: number }>) => {
      const size = Math.min(query.itemsPerPage, MAX_PAGE_SIZE);
      return { first: size, offset: (query.page - 1) * size };
    },
    pick: (d) => d.webhookEndpoints,
    respond: (page) => ({ 'hydra:member': page.nodes.map((w) => toFynnWebhook(w)), 'hydra:totalItems': page.totalCount }),
  }),
  route({
    method: 'GET',
    path: '/webhooks/:id',
    scope: PERMISSIONS['webhook:read'],
    schema: {
      tags,
      summary: 'Get a webhook',
      operationId: 'getWebhook',
      description: 'Required permissions: webhook:read',
      params: idParams,
      response: { 200: webhook },
    },
    handle: async (ctx: ById) => toFynnWebhook(await load(ctx)),
  }),
  route({
    method: 'PUT',
    path: '/webhooks/:id',
    scope: PERMISSIONS['webhook:write'],
    schema: {
      tags,
      summary: 'Update a webhook',
      operationId: 'updateWebhook',
      description: 'Required permissions: webhook:write. Fields left out stay as they are.',
      params: idParams,
      body: webhookInput,
      response: { 200: webhook },
    },
    handle: async (ctx: ById<FynnWebhookBody | undefined>) => {
      const current = await load(ctx);
      const updated = await ctx.unwrap(
        FynnUpdateWebhookDocument,
        { id: current.id, input: toUpdateWebhookEndpointInput(ctx.body ?? {}) },
        (d) => d.updateWebhookEndpoint,
      );
      return toFynnWebhook(
        updated.webhookEndpoint ??
          (() => {
            throw webhookNotFound();
          })(),
      );
    },
  }),
  route({
    method: 'DELETE',
    path: '/webhooks/:id',
    scope: PERMISSIONS['webhook:write'],
    status: 204,
    schema: {
      tags,
      summary: 'Delete a webhook',
      operationId: 'deleteWebhook',
      description: 'Required permissions: webhook:write',
      params: idParams,
      response: { 204: { type: 'null' } },
    },
    handle: async (ctx: ById) => {
      const current = await load(ctx);
      await ctx.unwrap(FynnDeleteWebhookDocument, { id: current.id }, (d) => d.deleteWebhookEndpoint);
      return undefined;
    },
  }),
  route({
    method: 'GET',
    path: '/available-webhook-events',
    scope: PERMISSIONS['webhook:read'],
    schema: {
      tags,
      summary: 'Event types a webhook can subscribe to',
      operationId: 'availableWebhookEvents',
      description: 'Required permissions: webhook:read',
      response: { 200: availableEvents },
    },
    document: FynnWebhookEventTypesDocument,
    variables: () => ({}),
    pick: (d) => d.webhookEventTypes,
    respond: (types) => types,
  }),
];
