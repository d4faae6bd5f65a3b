// Fynn webhooks: POST/GET /webhooks, GET/PUT/DELETE /webhooks/{id}, GET /available-webhook-events.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  FynnCreateWebhookDocument, FynnDeleteWebhookDocument, FynnUpdateWebhookDocument, FynnWebhookDocument,
  FynnWebhookEventTypesDocument, FynnWebhooksDocument, type FynnWebhookFieldsFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { isUuid } from '../../kernel/ids.ts';
import { toCreateWebhookInput, toFynnWebhook, toUpdateWebhookInput, type FynnWebhookBody } from '../mappers/webhook.ts';
import { classicCollectionQuery } from '../schemas/classic-links.ts';
import { idParams } from '../schemas/common.ts';
import { availableEvents, webhook, webhookCollection, webhookInput } from '../schemas/webhooks.ts';

const tags = ['Webhook'];
const MAX_PAGE_SIZE = 100;
const webhookNotFound = (): GatewayError => new GatewayError('NOT_FOUND', 'WEBHOOK__NOT_FOUND', 'Not Found');

/** A webhook of this face (Fynn format) by id, or the classic 404. */
async function load(core: GatewayCore, request: FastifyRequest, id: string): Promise<FynnWebhookFieldsFragment> {
  if (!isUuid(id)) throw webhookNotFound();
  const result = await runOperation(core, request, FynnWebhookDocument, { id });
  const found = unwrap(result, (d: NonNullable<typeof result.data>) => ({ w: d.webhookEndpoint })).w;
  if (!found || found.format !== 'FYNN') throw webhookNotFound();
  return found;
}

export function webhookRoutes(core: GatewayCore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: FynnWebhookBody & { url: string } }>('/webhooks', {
      config: { fynnPermission: 'webhook:write' },
      schema: {
        tags, summary: 'Create a webhook', operationId: 'createWebhook',
        description: 'Required permissions: webhook:write. The answer carries the signing secret, once.',
        body: { ...webhookInput, required: ['url'] }, response: { 201: webhook },
      },
    }, async (request, reply) => {
      const result = await runOperation(core, request, FynnCreateWebhookDocument, { input: toCreateWebhookInput(request.body) });
      const payload = unwrap(result, (d: NonNullable<typeof result.data>) => d.createWebhookEndpoint);
      if (!payload.webhookEndpoint) throw new GatewayError('INTERNAL', 'INTERNAL', 'The webhook was not returned.');
      return reply.status(201).send(toFynnWebhook(payload.webhookEndpoint, payload.secret));
    });

    app.get<{ Querystring: { page: number; itemsPerPage: number } }>('/webhooks', {
      config: { fynnPermission: 'webhook:read' },
      schema: { tags, summary: 'List webhooks', operationId: 'listWebhooks', description: 'Required permissions: webhook:read', querystring: classicCollectionQuery, response: { 200: webhookCollection } },
    }, async (request) => {
      const size = Math.min(request.query.itemsPerPage, MAX_PAGE_SIZE);
      const result = await runOperation(core, request, FynnWebhooksDocument, { first: size, offset: (request.query.page - 1) * size });
      const page = unwrap(result, (d: NonNullable<typeof result.data>) => d.webhookEndpoints);
      return { 'hydra:member': page.nodes.map((w) => toFynnWebhook(w)), 'hydra:totalItems': page.totalCount };
    });

    app.get<{ Params: { id: string } }>('/webhooks/:id', {
      config: { fynnPermission: 'webhook:read' },
      schema: { tags, summary: 'Get a webhook', operationId: 'getWebhook', description: 'Required permissions: webhook:read', params: idParams, response: { 200: webhook } },
    }, async (request) => toFynnWebhook(await load(core, request, request.params.id)));

    app.put<{ Params: { id: string }; Body: FynnWebhookBody }>('/webhooks/:id', {
      config: { fynnPermission: 'webhook:write' },
      schema: { tags, summary: 'Update a webhook', operationId: 'updateWebhook', description: 'Required permissions: webhook:write. Fields left out stay as they are.', params: idParams, body: webhookInput, response: { 200: webhook } },
    }, async (request) => {
      const current = await load(core, request, request.params.id);
      const result = await runOperation(core, request, FynnUpdateWebhookDocument, { id: current.id, input: toUpdateWebhookInput(request.body ?? {}) });
      const updated = unwrap(result, (d: NonNullable<typeof result.data>) => d.updateWebhookEndpoint).webhookEndpoint;
      if (!updated) throw webhookNotFound();
      return toFynnWebhook(updated);
    });

    app.delete<{ Params: { id: string } }>('/webhooks/:id', {
      config: { fynnPermission: 'webhook:write' },
      schema: { tags, summary: 'Delete a webhook', operationId: 'deleteWebhook', description: 'Required permissions: webhook:write', params: idParams, response: { 204: { type: 'null' } } },
    }, async (request, reply) => {
      const current = await load(core, request, request.params.id);
      const result = await runOperation(core, request, FynnDeleteWebhookDocument, { id: current.id });
      unwrap(result, (d: NonNullable<typeof result.data>) => d.deleteWebhookEndpoint);
      return reply.status(204).send();
    });

    app.get('/available-webhook-events', {
      config: { fynnPermission: 'webhook:read' },
      schema: { tags, summary: 'Event types a webhook can subscribe to', operationId: 'availableWebhookEvents', description: 'Required permissions: webhook:read', response: { 200: availableEvents } },
    }, async (request) => {
      const result = await runOperation(core, request, FynnWebhookEventTypesDocument, {});
      return unwrap(result, (d: NonNullable<typeof result.data>) => d.webhookEventTypes);
    });
  };
}
