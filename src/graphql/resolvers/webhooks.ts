// Webhook endpoints, events, deliveries and resend.
import type { Event, WebhookEndpoint } from '../../domain/entities/index.ts';
import type { Page } from '../../domain/pagination.ts';
import * as endpoints from '../../domain/services/webhooks/webhook-endpoints.ts';
import * as events from '../../domain/services/webhooks/events.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { payload, query } from '../errors.ts';

const connection = <T extends { id: string }>() => ({
  edges: (page: Page<T>) => page.rows.map((node) => ({ cursor: page.cursor(node), node })),
  nodes: (page: Page<T>) => page.rows,
  pageInfo: (page: Page<T>) => ({
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.rows[0] ? page.cursor(page.rows[0]) : null,
    endCursor: page.rows.at(-1) ? page.cursor(page.rows.at(-1)!) : null,
  }),
  totalCount: (page: Page<T>) => page.totalCount(),
});

/** A secret payload: the endpoint and its secret, or user errors. */
async function withSecret(run: () => Promise<endpoints.EndpointWithSecret>) {
  const result = await payload('created', run);
  return { webhookEndpoint: result.created?.webhookEndpoint ?? null, secret: result.created?.secret ?? null, userErrors: result.userErrors };
}

export const webhookResolvers: Resolvers = {
  WebhookEndpointConnection: connection<WebhookEndpoint>(),
  EventConnection: connection<Event>(),
  Query: {
    webhookEndpoints: (_p, { format, ...page }, ctx) => query(() => endpoints.listWebhookEndpoints(ctx, page, format as never)),
    webhookEndpoint: (_p, { id }, ctx) => query(() => endpoints.getWebhookEndpoint(ctx, id)),
    webhookEventTypes: (_p, { format }, ctx) =>
      query(async () => {
        endpoints.requireReadScope(ctx);
        return ['*', ...endpoints.eventTypesOf(ctx, format as never)];
      }),
    events: (_p, { filter, ...page }, ctx) => query(() => events.listEvents(ctx, filter ?? {}, page)),
    event: (_p, { id }, ctx) => query(() => events.getEvent(ctx, id)),
  },
  Mutation: {
    createWebhookEndpoint: (_p, { input }, ctx) => withSecret(() => endpoints.createWebhookEndpoint(ctx, input as never)),
    updateWebhookEndpoint: (_p, { id, input }, ctx) => payload('webhookEndpoint', () => endpoints.updateWebhookEndpoint(ctx, id, input as never)),
    deleteWebhookEndpoint: (_p, { id }, ctx) => payload('deletedId', () => endpoints.deleteWebhookEndpoint(ctx, id)),
    rotateWebhookEndpointSecret: (_p, { id }, ctx) => withSecret(() => endpoints.rotateWebhookEndpointSecret(ctx, id)),
    resendEvent: (_p, { id, endpointId }, ctx) => payload('deliveries', () => events.resendEvent(ctx, id, endpointId), []),
  },
  WebhookEndpoint: {
    format: (e) => e.format as never,
    metadata: (e) => e.metadata ?? {},
    livemode: (e) => e.mode === 'live',
  },
  Event: {
    data: (e) => e.data,
    previousAttributes: (e) => e.previous ?? null,
    livemode: (e) => e.mode === 'live',
    pendingWebhooks: (e, _a, ctx) => events.pendingWebhooks(ctx, e),
    deliveries: (e, _a, ctx) => events.deliveriesOf(ctx, e.id),
  },
  WebhookDelivery: {
    endpointId: (d) => d.endpoint,
    endpoint: (d, _a, ctx) => endpoints.getWebhookEndpoint(ctx, d.endpoint).catch(() => null),
    status: (d) => d.status as never,
    attempts: (d) => d.attempts.map((a) => ({ ...a, at: new Date(a.at) })),
  },
};
