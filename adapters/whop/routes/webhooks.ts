// POST/GET /webhooks, GET/PATCH/DELETE /webhooks/{id} (hook_ ids; delete answers true).
import {
  WhopCreateWebhookDocument,
  WhopDeleteWebhookDocument,
  WhopUpdateWebhookDocument,
  WhopWebhookDocument,
  WhopWebhooksDocument,
  type WhopWebhookFieldsFragment,
} from '../../../src/generated/operations.ts';
import { type RouteContext, route } from '../../kernel/dialect.ts';
import { returned } from '../../kernel/errors.ts';
import { badRequest, notFound } from '../errors.ts';
import { webhookId } from '../ids.ts';
import { pageArgs, toWhopPage, type WhopListQuery } from '../mappers/list.ts';
import { toCreateWebhookEndpointInput, toUpdateWebhookEndpointInput, toWhopWebhook, toWhopWebhookListItem, type WhopWebhookBody } from '../mappers/webhook.ts';
import { idParams, pageResponse, trueResponse } from '../schemas/common.ts';
import { webhookBody, webhookListQuery, webhookResponse } from '../schemas/webhooks.ts';
import type { JsonObject } from '../versions.ts';
import { checkOwner } from './owner.ts';

const TAGS = ['Webhooks'];
type ById<TBody = unknown> = RouteContext<TBody, { id: string }>;

async function load(ctx: ById<unknown>): Promise<WhopWebhookFieldsFragment> {
  const uuid = webhookId.decode(ctx.params.id);
  if (!uuid) throw notFound('Webhook');
  const found = await ctx.unwrap(
    WhopWebhookDocument,
    { id: uuid },
    (d) => d.webhookEndpoint,
    () => notFound('Webhook'),
  );
  if (found.format !== 'WHOP') throw notFound('Webhook');
  return found;
}

export const webhookRoutes = [
  route({
    method: 'POST',
    path: '/webhooks',
    scope: 'webhook:write',
    status: 201,
    schema: {
      tags: TAGS,
      summary: 'Create a webhook (webhook_secret only in this answer)',
      body: { ...webhookBody, required: ['url'] },
      response: { 201: webhookResponse },
    },
    handle: async (ctx: RouteContext<WhopWebhookBody & { url: string }>) => {
      // The gateway's webhooks belong to the company (the key's organisation); products have none of their own.
      if (typeof ctx.body.resource_id === 'string' && !ctx.body.resource_id.startsWith('biz_')) {
        throw badRequest('VALUE__INVALID', 'resource_id must be your company (biz_) id: webhooks per product are not supported.');
      }
      await checkOwner(ctx, ctx.body.resource_id);
      const made = await ctx.unwrap(WhopCreateWebhookDocument, { input: toCreateWebhookEndpointInput(ctx.body) }, (d) => d.createWebhookEndpoint);
      return toWhopWebhook(returned(made.webhookEndpoint, 'webhook'), ctx.caller.organisationId, made.secret);
    },
  }),
  route({
    method: 'GET',
    path: '/webhooks',
    scope: 'webhook:read',
    schema: {
      tags: TAGS,
      summary: 'List webhooks (most recently created first)',
      querystring: webhookListQuery,
      response: { 200: pageResponse(webhookResponse) },
    },
    handle: async (ctx: RouteContext<unknown, Record<string, string>, WhopListQuery & JsonObject>) => {
      await checkOwner(ctx, ctx.query.company_id ?? ctx.query.account_id);
      const page = await ctx.unwrap(WhopWebhooksDocument, { ...pageArgs(ctx.query) }, (d) => d.webhookEndpoints);
      return toWhopPage(page.nodes.map(toWhopWebhookListItem), page.pageInfo);
    },
  }),
  route({
    method: 'GET',
    path: '/webhooks/:id',
    scope: 'webhook:read',
    schema: { tags: TAGS, summary: 'Retrieve a webhook', params: idParams('hook_ id'), response: { 200: webhookResponse } },
    handle: async (ctx: ById) => toWhopWebhook(await load(ctx), ctx.caller.organisationId),
  }),
  route({
    method: 'PATCH',
    path: '/webhooks/:id',
    scope: 'webhook:write',
    schema: { tags: TAGS, summary: 'Update a webhook', params: idParams('hook_ id'), body: webhookBody, response: { 200: webhookResponse } },
    handle: async (ctx: ById<WhopWebhookBody | undefined>) => {
      const current = await load(ctx);
      const updated = await ctx.unwrap(
        WhopUpdateWebhookDocument,
        { id: current.id, input: toUpdateWebhookEndpointInput(ctx.body ?? {}) },
        (d) => d.updateWebhookEndpoint,
      );
      return toWhopWebhook(
        updated.webhookEndpoint ??
          (() => {
            throw notFound('Webhook');
          })(),
        ctx.caller.organisationId,
      );
    },
  }),
  route({
    method: 'DELETE',
    path: '/webhooks/:id',
    scope: 'webhook:write',
    schema: { tags: TAGS, summary: 'Delete a webhook', params: idParams('hook_ id'), response: { 200: trueResponse } },
    handle: async (ctx: ById) => {
      const current = await load(ctx);
      await ctx.unwrap(WhopDeleteWebhookDocument, { id: current.id }, (d) => d.deleteWebhookEndpoint);
      return true;
    },
  }),
];
