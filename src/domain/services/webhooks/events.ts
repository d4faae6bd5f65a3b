// The events API: list (newest first, type / wildcard / types, object, created range, delivery
// success), one event with its deliveries, and resend.
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import { Event, WebhookDelivery, WebhookEndpoint } from '../../entities/index.ts';
import { EVENT_RETENTION_MS } from '../../entities/event.ts';
import { notFound } from '../../errors.ts';
import { paginate, type Page, type PageArgs } from '../../pagination.ts';
import { requireScope, type ServiceContext } from '../../service-context.ts';
import { parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';
import { createDeliveries, organisationsOf } from '../../../webhooks/dispatch.ts';
import { webhookRuntimeOf } from '../../../webhooks/runtime.ts';

const NO_ID = '00000000-0000-0000-0000-000000000000';

const typeName = z.string().trim().min(1).max(128);
const filterSchema = z.object({
  type: typeName.nullish(),
  types: z.array(typeName).max(20).nullish(),
  objectId: z.string().max(64).nullish(),
  createdAfter: z.date().nullish(),
  createdBefore: z.date().nullish(),
  deliverySuccess: z.boolean().nullish(),
});
export type EventFilter = z.input<typeof filterSchema>;

/** `checkout_session.*` -> a prefix match; anything else -> the exact type. */
function typeCondition(type: string): FilterQuery<Event> {
  if (type === '*') return {};
  if (type.endsWith('.*')) return { type: { $like: `${type.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%` } };
  return { type };
}

export async function listEvents(ctx: ServiceContext, rawFilter: EventFilter = {}, page: PageArgs = {}): Promise<Page<Event>> {
  requireScope(ctx, 'event:read');
  const filter = parse(filterSchema, rawFilter, ['filter']);
  const conds: FilterQuery<Event>[] = [{ createdAt: { $gte: new Date(Date.now() - EVENT_RETENTION_MS) } }];
  if (filter.type) conds.push(typeCondition(filter.type));
  if (filter.types?.length) conds.push({ $or: filter.types.map(typeCondition) });
  if (filter.objectId) conds.push({ objectId: isUuid(filter.objectId) ? filter.objectId : NO_ID });
  if (filter.createdAfter) conds.push({ createdAt: { $gt: filter.createdAfter } });
  if (filter.createdBefore) conds.push({ createdAt: { $lt: filter.createdBefore } });
  if (filter.deliverySuccess != null) {
    // Events with a delivery not succeeded (pending or failed): a bounded set, newest first.
    const open = await ctx.em.find(WebhookDelivery, { status: { $ne: 'succeeded' } }, { fields: ['event'], orderBy: { id: 'desc' }, limit: 10_000 });
    const ids = [...new Set(open.map((d) => d.event))];
    conds.push(filter.deliverySuccess ? { dispatchedAt: { $ne: null }, id: { $nin: ids } } : { id: { $in: ids } });
  }
  return paginate(ctx.em, Event, conds.length === 1 ? conds[0]! : { $and: conds }, page);
}

export async function getEvent(ctx: ServiceContext, id: string): Promise<Event | null> {
  requireScope(ctx, 'event:read');
  return isUuid(id) ? ctx.em.findOne(Event, { id, createdAt: { $gte: new Date(Date.now() - EVENT_RETENTION_MS) } }) : null;
}

export async function deliveriesOf(ctx: ServiceContext, eventId: string): Promise<WebhookDelivery[]> {
  requireScope(ctx, 'event:read');
  return ctx.em.find(WebhookDelivery, { event: eventId }, { orderBy: { id: 'asc' }, limit: 100 });
}

export async function pendingWebhooks(ctx: ServiceContext, event: Event): Promise<number> {
  return ctx.em.count(WebhookDelivery, { event: event.id, status: 'pending' });
}

/** Renders the event again for every subscribed enabled endpoint (or the one given) as new deliveries. */
export async function resendEvent(ctx: ServiceContext, id: string, endpointId?: string | null): Promise<WebhookDelivery[]> {
  requireScope(ctx, 'webhook:write');
  const event = await getEvent(ctx, id);
  if (!event) throw notFound('Event');
  const endpoints = endpointId
    ? await ctx.em.find(WebhookEndpoint, { id: isUuid(endpointId) ? endpointId : NO_ID })
    : await ctx.em.find(WebhookEndpoint, { enabled: true });
  if (endpointId && endpoints.length === 0) throw notFound('WebhookEndpoint', ['endpointId']);
  const runtime = webhookRuntimeOf(ctx.em);
  const orgs = await organisationsOf(ctx.em, [event]);
  const deliveries = createDeliveries(ctx.em, runtime.formats, event, endpoints, orgs.get(event.organisation) ?? { name: '', slug: '' });
  await ctx.em.flush();
  runtime.worker?.wake();
  return deliveries;
}
