// Changes to existing checkout links: patch update, enable/disable, soft delete.
import type { EntityManager } from '@mikro-orm/core';
import { CheckoutLink, LineItem, Price } from '../../entities/index.ts';
import { notFound, rule, validationError } from '../../errors.ts';
import type { Principal } from '../../principal.ts';
import { requireScope, type ServiceContext } from '../../service-context.ts';
import { parse } from '../../validate.ts';
import { afterCompletionViolations, updateLinkSchema, type UpdateCheckoutLinkInput, type UpdateLinkData } from './input.ts';
import { createLines, deleteUnusedInlinePrices, linkCurrency, resolveLineItems } from './items.ts';
import { assertSlugFree, slugConflict } from './slugs.ts';
import { afterCompletionColumns, salesChannelFor, settingsColumns, withSlugRace } from './write.ts';
import { isUuid } from '../support/ids.ts';
import { checkOneMetadataInput, findForUpdate, patchedMetadata } from '../support/metadata-patch.ts';
import { assertPriceable } from '../sessions/cart-snapshot.ts';

/** The link to change; locked when a metadata patch is applied to it (metadata-patch.ts). */
async function findLink(em: EntityManager, id: string, patching = false): Promise<CheckoutLink> {
  const link = isUuid(id) ? await findForUpdate(em, CheckoutLink, { id, deletedAt: null }, patching) : null;
  if (!link) throw notFound('CheckoutLink');
  return link;
}

/** Patch semantics: a field left out stays, null clears a nullable field. */
export async function updateCheckoutLink(ctx: ServiceContext, id: string, raw: UpdateCheckoutLinkInput): Promise<CheckoutLink> {
  const principal = requireScope(ctx, 'checkout-link:write');
  const input = parse(updateLinkSchema, raw);
  checkOneMetadataInput(input);
  const violations = afterCompletionViolations(input.afterCompletion, ['afterCompletion']);
  if (violations.length > 0) throw validationError(violations);
  return withSlugRace(
    ctx,
    (em) => updateIn(em, principal, id, input),
    () => {
      throw slugConflict(input.slug ?? '');
    },
  );
}

async function updateIn(em: EntityManager, principal: Principal, id: string, input: UpdateLinkData): Promise<CheckoutLink> {
  const link = await findLink(em, id, input.metadataPatch != null);
  const patch: Partial<CheckoutLink> = {};
  for (const key of ['title', 'description', 'inactiveMessage', 'affiliateCode', 'completedSessionsLimit', 'active'] as const) {
    if (input[key] !== undefined) Object.assign(patch, { [key]: input[key] });
  }
  if (input.metadata !== undefined) patch.metadata = input.metadata ?? {};
  if (input.metadataPatch != null) patch.metadata = patchedMetadata(link.metadata, input.metadataPatch);
  Object.assign(patch, settingsColumns(input.settings));
  if (input.afterCompletion !== undefined) Object.assign(patch, afterCompletionColumns(input.afterCompletion));
  if (input.salesChannel !== undefined) patch.salesChannel = input.salesChannel === null ? null : await salesChannelFor(em, input.salesChannel);
  if (input.slug !== undefined && input.slug !== link.slug) {
    await assertSlugFree(em, input.slug);
    patch.slug = input.slug;
  }

  let currencies: string[];
  let replacedPrices: (string | null | undefined)[] = [];
  if (input.lineItems !== undefined) {
    if (link.source !== 'items') {
      throw rule('LINK__LINE_ITEMS_NOT_EDITABLE', 'Only the line items of an ITEMS link can be replaced.', ['lineItems']);
    }
    const resolved = await resolveLineItems(em, principal, input.lineItems);
    currencies = resolved.currencies;
    const old = await em.find(LineItem, { checkoutLink: link.id });
    for (const row of old) em.remove(row);
    replacedPrices = old.map((row) => row.price);
    createLines(em, principal, link.id, resolved.lines);
  } else {
    const lines = await em.find(LineItem, { checkoutLink: link.id, price: { $ne: null } });
    const prices = lines.length ? await em.find(Price, { id: { $in: lines.map((l) => l.price as string) } }) : [];
    currencies = prices.map((p) => p.currency);
  }
  if (input.currency !== undefined) {
    patch.currency = linkCurrency(input.currency, currencies);
  } else if (input.lineItems !== undefined) {
    patch.currency = linkCurrency(null, currencies) ?? link.currency;
  }
  em.assign(link, patch);
  await em.flush();
  if (input.lineItems !== undefined) await assertPriceable(em, link);
  // The inline prices only the replaced items used go with them (same transaction).
  await deleteUnusedInlinePrices(em, replacedPrices);
  return link;
}

export async function setCheckoutLinkActive(ctx: ServiceContext, id: string, active: boolean): Promise<CheckoutLink> {
  requireScope(ctx, 'checkout-link:write');
  return ctx.em.transactional(async (em) => {
    const link = await findLink(em, id);
    link.active = active;
    await em.flush();
    return link;
  });
}

/**
 * Soft delete: the link answers not found afterwards; its slug stays reserved. Its line items
 * and their inline prices stay with it (the rows are kept, not half-removed): nothing is orphaned.
 */
export async function deleteCheckoutLink(ctx: ServiceContext, id: string): Promise<string> {
  requireScope(ctx, 'checkout-link:write');
  return ctx.em.transactional(async (em) => {
    const link = await findLink(em, id);
    link.deletedAt = new Date();
    await em.flush();
    return link.id;
  });
}
