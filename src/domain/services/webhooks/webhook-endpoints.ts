// Webhook endpoints of the caller's organisation and mode: CRUD, secret shown once (creation and
// rotation), stored only encrypted. URLs pass the SSRF guard (src/webhooks/url-guard.ts).
import { z } from 'zod';
import { WebhookEndpoint } from '../../entities/index.ts';
import { WEBHOOK_FORMATS, type WebhookFormatName } from '../../entities/webhook-endpoint.ts';
import { invalid, notFound } from '../../errors.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import { inTransaction, owner, requireScope, type ServiceContext } from '../../service-context.ts';
import { fields, opt, parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';
import { checkOneMetadataInput, findForUpdate, metadataPatchField, patchedMetadata } from '../support/metadata-patch.ts';
import { webhookRuntimeOf } from '../../../webhooks/runtime.ts';
import { urlProblem } from '../../../webhooks/url-guard.ts';

export interface EndpointWithSecret {
  webhookEndpoint: WebhookEndpoint;
  secret: string;
}

const eventsField = z.array(z.string().trim().min(1).max(128)).min(1).max(100);

const createSchema = z.object({
  url: z.string().trim().min(1).max(2048),
  format: z.enum(WEBHOOK_FORMATS),
  enabledEvents: opt(eventsField),
  enabled: opt(z.boolean()),
  description: z.string().max(5000).nullish(),
  metadata: opt(fields.metadata),
  apiVersion: z.string().trim().min(1).max(32).nullish(),
});
export type CreateWebhookEndpointInput = z.input<typeof createSchema>;

const updateSchema = z.object({
  url: opt(z.string().trim().min(1).max(2048)),
  enabledEvents: opt(eventsField),
  enabled: opt(z.boolean()),
  description: z.string().max(5000).nullish(),
  metadata: opt(fields.metadata),
  metadataPatch: metadataPatchField.nullish(),
});
export type UpdateWebhookEndpointInput = z.input<typeof updateSchema>;

export const requireReadScope = (ctx: ServiceContext) => requireScope(ctx, 'webhook:read');

/** The event types a format delivers (what `enabledEvents` may name). */
export function eventTypesOf(ctx: ServiceContext, format: WebhookFormatName): readonly string[] {
  return webhookRuntimeOf(ctx.em).formats.get(format)?.eventTypes ?? [];
}

function checkEvents(ctx: ServiceContext, format: WebhookFormatName, events: string[]): void {
  const known = eventTypesOf(ctx, format);
  events.forEach((e, i) => {
    if (e === '*') return;
    const ok = e.endsWith('.*') ? known.some((k) => k.startsWith(e.slice(0, -1))) : known.includes(e);
    if (!ok)
      throw invalid(['enabledEvents', String(i)], `Unknown event type "${e}" for this format; known: *, ${known.join(', ')}.`, 'VALUE__UNKNOWN_EVENT_TYPE');
  });
}

async function checkUrl(ctx: ServiceContext, url: string, mode: 'test' | 'live'): Promise<void> {
  const problem = await urlProblem(url, { mode, allowPrivate: webhookRuntimeOf(ctx.em).allowPrivateUrls });
  if (problem) throw invalid(['url'], problem, 'VALUE__URL_REFUSED');
}

export async function listWebhookEndpoints(ctx: ServiceContext, page: PageArgs = {}, format?: WebhookFormatName | null): Promise<Page<WebhookEndpoint>> {
  requireScope(ctx, 'webhook:read');
  return paginate(ctx.em, WebhookEndpoint, format ? { format } : {}, page);
}

export async function getWebhookEndpoint(ctx: ServiceContext, id: string): Promise<WebhookEndpoint | null> {
  requireScope(ctx, 'webhook:read');
  return isUuid(id) ? ctx.em.findOne(WebhookEndpoint, { id }) : null;
}

async function mustFind(ctx: ServiceContext, id: string): Promise<WebhookEndpoint> {
  const endpoint = isUuid(id) ? await ctx.em.findOne(WebhookEndpoint, { id }) : null;
  if (!endpoint) throw notFound('WebhookEndpoint');
  return endpoint;
}

export async function createWebhookEndpoint(ctx: ServiceContext, raw: CreateWebhookEndpointInput): Promise<EndpointWithSecret> {
  const principal = requireScope(ctx, 'webhook:write');
  const input = parse(createSchema, raw);
  const enabledEvents = input.enabledEvents ?? ['*'];
  checkEvents(ctx, input.format, enabledEvents);
  await checkUrl(ctx, input.url, principal.mode);
  const runtime = webhookRuntimeOf(ctx.em);
  const format = runtime.formats.get(input.format);
  if (!format) throw invalid(['format'], 'This format is not available.', 'WEBHOOK_ENDPOINT__FORMAT_UNAVAILABLE');
  const secret = format.newSecret();
  const endpoint = ctx.em.create(WebhookEndpoint, {
    ...owner(principal),
    url: input.url,
    format: input.format,
    enabledEvents,
    enabled: input.enabled ?? true,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    apiVersion: input.apiVersion ?? null,
    secretCiphertext: '',
    disabledReason: null,
  });
  endpoint.secretCiphertext = runtime.box.seal(secret, endpoint.id);
  await ctx.em.flush();
  return { webhookEndpoint: endpoint, secret };
}

/**
 * One transaction: the endpoint is locked (FOR UPDATE) when a metadata patch merges into its
 * metadata, so a concurrent patch of other keys waits and both survive.
 */
export async function updateWebhookEndpoint(ctx: ServiceContext, id: string, raw: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
  const principal = requireScope(ctx, 'webhook:write');
  const input = parse(updateSchema, raw);
  checkOneMetadataInput(input);
  // The URL's check resolves its host: done on a first read, never in the transaction (no
  // connection or lock held while DNS answers); the refusals keep their order (404, events, URL).
  if (input.url !== undefined) {
    const current = await mustFind(ctx, id);
    if (input.enabledEvents) checkEvents(ctx, current.format, input.enabledEvents);
    await checkUrl(ctx, input.url, principal.mode);
  }
  return inTransaction(ctx, async (em) => {
    const endpoint = isUuid(id) ? await findForUpdate(em, WebhookEndpoint, { id }, input.metadataPatch != null) : null;
    if (!endpoint) throw notFound('WebhookEndpoint');
    if (input.enabledEvents) checkEvents(ctx, endpoint.format, input.enabledEvents);
    if (input.url !== undefined) endpoint.url = input.url;
    if (input.enabledEvents) endpoint.enabledEvents = input.enabledEvents;
    if (input.enabled !== undefined) {
      endpoint.enabled = input.enabled;
      if (input.enabled) endpoint.disabledReason = null;
    }
    if (input.description !== undefined) endpoint.description = input.description;
    if (input.metadata !== undefined) endpoint.metadata = input.metadata;
    if (input.metadataPatch != null) endpoint.metadata = patchedMetadata(endpoint.metadata, input.metadataPatch);
    await em.flush();
    return endpoint;
  });
}

export async function deleteWebhookEndpoint(ctx: ServiceContext, id: string): Promise<string> {
  requireScope(ctx, 'webhook:write');
  const endpoint = await mustFind(ctx, id);
  await ctx.em.remove(endpoint).flush();
  return id;
}

export async function rotateWebhookEndpointSecret(ctx: ServiceContext, id: string): Promise<EndpointWithSecret> {
  requireScope(ctx, 'webhook:write');
  const endpoint = await mustFind(ctx, id);
  const runtime = webhookRuntimeOf(ctx.em);
  const format = runtime.formats.get(endpoint.format);
  if (!format) throw invalid(['id'], 'This format is not available.', 'WEBHOOK_ENDPOINT__FORMAT_UNAVAILABLE');
  const secret = format.newSecret();
  endpoint.secretCiphertext = runtime.box.seal(secret, endpoint.id);
  await ctx.em.flush();
  return { webhookEndpoint: endpoint, secret };
}
