// POST/GET /webhooks, GET/PATCH/DELETE /webhooks/{id} (hook_ ids; delete answers true).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  WhopCreateWebhookDocument, WhopDeleteWebhookDocument, WhopUpdateWebhookDocument, WhopWebhookDocument, WhopWebhooksDocument,
  type WhopWebhookFieldsFragment,
} from '../../../src/generated/operations.ts';
import type { GatewayCore } from '../../kernel/core.ts';
import { GatewayError, unwrap } from '../../kernel/errors.ts';
import { runOperation } from '../../kernel/execute.ts';
import { badRequest, notFound } from '../errors.ts';
import { webhookId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toCreateWebhookInput, toUpdateWebhookInput, toWhopWebhook, toWhopWebhookListItem, type WhopWebhookBody } from '../mappers/webhook.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import { webhookBody, webhookListQuery, webhookResponse } from '../schemas/webhooks.ts';
import type { JsonObject } from '../versions.ts';
import { authed, checkOwner, idempotentPost, principalOf, sendJson } from './request.ts';

const TAGS = ['Webhooks'];

async function load(core: GatewayCore, request: FastifyRequest, id: string): Promise<WhopWebhookFieldsFragment> {
  const uuid = webhookId.decode(id);
  if (!uuid) throw notFound('Webhook');
  const result = await runOperation(core, request, WhopWebhookDocument, { id: uuid });
  const found = unwrap(result, (d: { webhookEndpoint: WhopWebhookFieldsFragment | null }) => ({ w: d.webhookEndpoint })).w;
  if (!found || found.format !== 'WHOP') throw notFound('Webhook');
  return found;
}

type Payload = { webhookEndpoint: WhopWebhookFieldsFragment | null; secret?: string | null };

export function webhookRoutes(instance: FastifyInstance, core: GatewayCore): void {
  instance.post<{ Body: WhopWebhookBody & { url: string } }>('/webhooks', {
    onRequest: authed(core, 'webhook:write'),
    schema: { tags: TAGS, summary: 'Create a webhook (webhook_secret only in this answer)', body: { ...webhookBody, required: ['url'] }, response: { 201: webhookResponse } },
  }, (request, reply) => idempotentPost(core, request, reply, async () => {
    const principal = await principalOf(core, request);
    // The gateway's webhooks belong to the company (the key's organisation); products have none of their own.
    if (typeof request.body.resource_id === 'string' && !request.body.resource_id.startsWith('biz_')) {
      throw badRequest('VALUE__INVALID', 'resource_id must be your company (biz_) id: webhooks per product are not supported.');
    }
    await checkOwner(core, request, principal, request.body.resource_id);
    const result = await runOperation(core, request, WhopCreateWebhookDocument, { input: toCreateWebhookInput(request.body) });
    const payload = unwrap(result, (d: { createWebhookEndpoint: Payload }) => d.createWebhookEndpoint);
    if (!payload.webhookEndpoint) throw new GatewayError('INTERNAL', 'INTERNAL', 'The webhook was not returned.');
    return { status: 201, body: toWhopWebhook(payload.webhookEndpoint, principal.organisationId, payload.secret) };
  }));

  instance.get('/webhooks', {
    onRequest: authed(core, 'webhook:read'),
    schema: { tags: TAGS, summary: 'List webhooks (most recently created first)', querystring: webhookListQuery, response: { 200: pageResponse(webhookResponse) } },
  }, async (request, reply) => {
    const principal = await principalOf(core, request);
    const query = request.query as WhopListQuery & JsonObject;
    await checkOwner(core, request, principal, query.company_id ?? query.account_id);
    const result = await runOperation(core, request, WhopWebhooksDocument, { ...pageArgs(query) });
    const page = unwrap(result, (d: { webhookEndpoints: unknown }) => d.webhookEndpoints) as {
      nodes: WhopWebhookFieldsFragment[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
    };
    return sendJson(reply, 200, toWhopPage(page.nodes.map(toWhopWebhookListItem), page.pageInfo));
  });

  instance.get<{ Params: { id: string } }>('/webhooks/:id', {
    onRequest: authed(core, 'webhook:read'),
    schema: { tags: TAGS, summary: 'Retrieve a webhook', params: idParams('hook_ id'), response: { 200: webhookResponse } },
  }, async (request, reply) => {
    const principal = await principalOf(core, request);
    return sendJson(reply, 200, toWhopWebhook(await load(core, request, request.params.id), principal.organisationId));
  });

  instance.patch<{ Params: { id: string }; Body: WhopWebhookBody }>('/webhooks/:id', {
    onRequest: authed(core, 'webhook:write'),
    schema: { tags: TAGS, summary: 'Update a webhook', params: idParams('hook_ id'), body: webhookBody, response: { 200: webhookResponse } },
  }, async (request, reply) => {
    const principal = await principalOf(core, request);
    const current = await load(core, request, request.params.id);
    const result = await runOperation(core, request, WhopUpdateWebhookDocument, { id: current.id, input: toUpdateWebhookInput(request.body ?? {}) });
    const updated = unwrap(result, (d: { updateWebhookEndpoint: Payload }) => d.updateWebhookEndpoint).webhookEndpoint;
    if (!updated) throw notFound('Webhook');
    return sendJson(reply, 200, toWhopWebhook(updated, principal.organisationId));
  });

  instance.delete<{ Params: { id: string } }>('/webhooks/:id', {
    onRequest: authed(core, 'webhook:write'),
    schema: { tags: TAGS, summary: 'Delete a webhook', params: idParams('hook_ id'), response: { 200: trueResponse } },
  }, async (request, reply) => {
    const current = await load(core, request, request.params.id);
    unwrap(await runOperation(core, request, WhopDeleteWebhookDocument, { id: current.id }), (d: { deleteWebhookEndpoint: unknown }) => d.deleteWebhookEndpoint);
    return sendJson(reply, 200, true);
  });
}
