// What creating and updating a checkout link share: the columns of settings and after-completion
// input, the sales channel of a reference, and the retry of a write that lost a slug race.
import type { EntityManager } from '@mikro-orm/core';
import { fastFindOne } from '../../../db/fast-read.ts';
import { type CheckoutLink, SalesChannel } from '../../entities/index.ts';
import type { ServiceContext } from '../../service-context.ts';
import { resolveSalesChannel } from '../catalog/prices.ts';
import type { AfterCompletionData, SettingsData } from './input.ts';
import { isSlugViolation } from './slugs.ts';

/** The columns of the settings given; undefined leaves a column, null clears a nullable one. */
export function settingsColumns(s: SettingsData | null | undefined): Partial<CheckoutLink> {
  if (!s) return {};
  const out: Record<string, unknown> = {
    couponsAllowed: s.couponsAllowed,
    forceCompany: s.forceCompany,
    quantityEditable: s.quantityEditable,
    trialDays: s.trialDays,
    billingAddressCollection: s.billingAddressCollection,
    submitType: s.submitType,
    paymentMethodTypes: s.paymentMethodTypes,
    threeDsLevel: s.threeDsLevel,
    paymentMethodConfiguration:
      s.paymentMethodConfiguration === undefined || s.paymentMethodConfiguration === null
        ? s.paymentMethodConfiguration
        : {
            enabled: s.paymentMethodConfiguration.enabled ?? [],
            disabled: s.paymentMethodConfiguration.disabled ?? [],
            includePlatformDefaults: s.paymentMethodConfiguration.includePlatformDefaults ?? true,
          },
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Partial<CheckoutLink>;
}

/** The after-completion columns (replaced as a whole; null = the default page). */
export function afterCompletionColumns(a: AfterCompletionData | null): Partial<CheckoutLink> {
  return {
    afterCompletionType: a?.type ?? 'default',
    afterCompletionRedirectUrl: a?.redirectUrl ?? null,
    afterCompletionMessage: a?.message ?? null,
    backToProviderUrl: a?.backToProviderUrl ?? null,
  };
}

/** The sales channel named by id or technical name, or the tenant's `default` channel. */
export async function salesChannelFor(em: EntityManager, ref: string | null | undefined): Promise<string | null> {
  if (ref) return (await resolveSalesChannel(em, ref, ['salesChannel'])).id;
  const channel = await fastFindOne(em, SalesChannel, { name: 'default' });
  return channel?.id ?? null;
}

/** Runs a write; a lost race on the slug's unique constraint comes back as `onSlugRace`. */
export async function withSlugRace<T>(
  ctx: ServiceContext,
  work: (em: EntityManager, attempt: number) => Promise<T>,
  onSlugRace: (attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.em.transactional((em) => work(em, attempt));
    } catch (error) {
      if (!isSlugViolation(error)) throw error;
      onSlugRace(attempt);
    }
  }
}
