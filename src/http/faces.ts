// Every face of the gateway besides /graphql: the dialects, the public link, the docs.
import type { FastifyInstance } from 'fastify';
import { fynnDialect } from '../../adapters/fynn/index.ts';
import type { GatewayCore } from '../../adapters/kernel/core.ts';
import { leanrailsDialect } from '../../adapters/leanrails/index.ts';
import { whopDialect } from '../../adapters/whop/index.ts';
import { checkoutPages } from '../checkout/index.ts';
import type { WebhookFormat } from '../webhooks/format.ts';
import { fynnWebhookFormat } from '../../adapters/fynn/webhook-format.ts';
import { leanrailsWebhookFormat } from '../../adapters/leanrails/webhook-format.ts';
import { whopWebhookFormat } from '../../adapters/whop/webhook-format.ts';

/** Each face's webhook format (body shapes and signatures of its vendor), for the delivery worker. */
export const webhookFormats: WebhookFormat[] = [fynnWebhookFormat, leanrailsWebhookFormat, whopWebhookFormat];

export async function registerFaces(app: FastifyInstance, core: GatewayCore): Promise<void> {
  await app.register(fynnDialect(core), { prefix: '/fynn' });
  await app.register(leanrailsDialect(core), { prefix: '/leanrails' });
  await app.register(whopDialect(core), { prefix: '/whop/api/v1' });
  await app.register(checkoutPages(core));
}
