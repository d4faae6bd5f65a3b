// Organisations (tenants) and their sales channels; the first-start bootstrap.
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { Organisation, SalesChannel } from '../../entities/index.ts';
import { MODES } from '../../entities/common.ts';
import { conflict, DomainError, forbidden, notFound } from '../../errors.ts';
import { SCOPES } from '../../principal.ts';
import { owner, principalOf, requireScope, type ServiceContext } from '../../service-context.ts';
import { fields, parse } from '../../validate.ts';
import { buildApiKey } from './api-keys.ts';
import { isUuid } from '../support/ids.ts';
import { fastFindOne } from '../../../db/fast-read.ts';

const createOrgSchema = z.object({ name: fields.name, slug: fields.code });
const createChannelSchema = z.object({
  name: fields.code,
  brandName: z.string().max(255).nullish(),
  customerfrontBaseUrl: fields.url.nullish(),
});
const updateChannelSchema = z.object({
  brandName: z.string().max(255).nullish(),
  customerfrontBaseUrl: fields.url.nullish(),
});

/** Creates an organisation and its `default` sales channel in both modes (unflushed). */
export async function buildOrganisation(em: EntityManager, name: string, slug: string): Promise<Organisation> {
  if (await em.findOne(Organisation, { slug })) throw conflict('ORGANISATION__SLUG_CONFLICT', `Organisation "${slug}" exists.`, ['slug']);
  const org = em.create(Organisation, { name, slug });
  for (const mode of MODES) {
    em.create(SalesChannel, { organisation: org.id, mode, name: 'default', brandName: name, isDefault: true });
  }
  return org;
}

export async function createOrganisation(ctx: ServiceContext, raw: z.input<typeof createOrgSchema>): Promise<Organisation> {
  if (!ctx.operator) throw ctx.principal ? forbidden('Only the platform operator (ADMIN_TOKEN) creates organisations.') : forbidden('ADMIN_TOKEN required.');
  const input = parse(createOrgSchema, raw);
  return ctx.em.transactional(async (em) => {
    const org = await buildOrganisation(em, input.name, input.slug);
    await em.flush();
    return org;
  });
}

/**
 * First start: when no organisation exists, `default` with a test key of every scope. Returns
 * null when it is not the first start, including when another process created `default` at the
 * same moment (its slug taken: a unique violation, or the conflict buildOrganisation reports).
 */
export async function bootstrap(em: EntityManager): Promise<{ organisation: Organisation; secret: string } | null> {
  try {
    return await em.transactional(async (tem) => {
      if ((await tem.count(Organisation, {})) > 0) return null;
      const organisation = await buildOrganisation(tem, 'Default', 'default');
      const { secret } = buildApiKey(tem, organisation.id, 'test', SCOPES, 'bootstrap');
      await tem.flush();
      return { organisation, secret };
    });
  } catch (error) {
    if (slugTaken(error)) return null;
    throw error;
  }
}

function slugTaken(error: unknown): boolean {
  if (error instanceof DomainError) return error.reason === 'ORGANISATION__SLUG_CONFLICT';
  return error instanceof UniqueConstraintViolationException && (error as { constraint?: string }).constraint === 'organisation_slug_unique';
}

export async function currentOrganisation(ctx: ServiceContext): Promise<Organisation | null> {
  const principal = principalOf(ctx);
  return fastFindOne(ctx.em, Organisation, { id: principal.organisationId });
}

export function listSalesChannels(ctx: ServiceContext): Promise<SalesChannel[]> {
  principalOf(ctx);
  return ctx.em.find(SalesChannel, {}, { orderBy: { name: 'asc' } });
}

export async function getSalesChannel(ctx: ServiceContext, ref: { id?: string | null; name?: string | null }): Promise<SalesChannel | null> {
  principalOf(ctx);
  if (ref.id) return isUuid(ref.id) ? fastFindOne(ctx.em, SalesChannel, { id: ref.id }) : null;
  if (ref.name) return fastFindOne(ctx.em, SalesChannel, { name: ref.name });
  return null;
}

export async function createSalesChannel(ctx: ServiceContext, raw: z.input<typeof createChannelSchema>): Promise<SalesChannel> {
  const principal = requireScope(ctx, 'checkout-link:write');
  const input = parse(createChannelSchema, raw);
  return ctx.em.transactional(async (em) => {
    if (await em.findOne(SalesChannel, { name: input.name })) {
      throw conflict('SALES_CHANNEL__NAME_CONFLICT', `Sales channel "${input.name}" exists.`, ['name']);
    }
    const channel = em.create(SalesChannel, { ...owner(principal), ...input, isDefault: false });
    await em.flush();
    return channel;
  });
}

export async function updateSalesChannel(ctx: ServiceContext, id: string, raw: z.input<typeof updateChannelSchema>): Promise<SalesChannel> {
  requireScope(ctx, 'checkout-link:write');
  const input = parse(updateChannelSchema, raw);
  return ctx.em.transactional(async (em) => {
    const channel = isUuid(id) ? await em.findOne(SalesChannel, { id }) : null;
    if (!channel) throw notFound('SalesChannel');
    em.assign(channel, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    await em.flush();
    return channel;
  });
}
