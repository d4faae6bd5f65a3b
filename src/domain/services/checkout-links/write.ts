// What creating and updating a checkout link share: the columns of settings and after-completion
// input, the sales channel of a reference, and the retry of a write that lost a slug race.
import type { EntityManager } from '@mikro-orm/core';
import { fastFindOne } from '../../../db/fast-read.ts';
import { runsOnPglite } from '../../../db/orm.ts';
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

/**
 * The id of each tenant's `default` channel (key: organisation and mode). Kept for the life of the
 * process, in every process alike: a channel is never deleted and its name never changes
 * (updateSalesChannel sets brandName and customerfrontBaseUrl only), so the id once found is the
 * one a read would find. Only ids found are kept: a tenant without one is asked again.
 */
const defaultChannels = new Map<string, string>();
/** Tenants remembered at most (all forgotten at once beyond: a bound, not an eviction policy). */
const DEFAULT_CHANNELS_MAX = 10_000;

/**
 * The sales channel named by id or technical name, or the tenant's `default` channel; `read`
 * hears of the channel row when one was read (a caller may show it without reading it again).
 */
export async function salesChannelFor(em: EntityManager, ref: string | null | undefined, read?: (channel: SalesChannel) => void): Promise<string | null> {
  if (ref) {
    const channel = await resolveSalesChannel(em, ref, ['salesChannel']);
    read?.(channel);
    return channel.id;
  }
  const tenant = em.getFilterParams('tenant') as { organisationId?: string; mode?: string } | undefined;
  const key = `${tenant?.organisationId} ${tenant?.mode}`;
  const cached = defaultChannels.get(key);
  if (cached) return cached;
  const channel = await fastFindOne(em, SalesChannel, { name: 'default' });
  if (!channel) return null;
  read?.(channel);
  if (defaultChannels.size >= DEFAULT_CHANNELS_MAX) defaultChannels.clear();
  defaultChannels.set(key, channel.id);
  return channel.id;
}

/** A transaction run again after a write in it lost a slug race (see `retryingSlugRaces`). */
interface RaceState {
  /** Slug races lost by the request's earlier runs. */
  lost: number;
}
/** The transactions (by their transaction context) whose opener runs them again on a lost slug race. */
const retried = new WeakMap<object, RaceState>();
/** Runs of a transaction at most (then the lost race is the error): as withSlugRace's attempts. */
const RUNS_MAX = 10;

const raceStateOf = (em: EntityManager): RaceState | undefined => {
  const tx = em.isInTransaction() ? (em.getTransactionContext() as object | undefined) : undefined;
  return tx ? retried.get(tx) : undefined;
};

/**
 * Runs `work` in a transaction that is run again, from the start, when a write in it
 * (withSlugRace) lost a slug race: on PostgreSQL such a write joins the transaction instead of
 * running in a savepoint (two statements less: SAVEPOINT and RELEASE), so the lost race aborts
 * the whole transaction, and the next run, with a new snapshot, sees the winner's slug. The next
 * run's write knows how many races were lost before and goes on as it would have after rolling
 * back to its savepoint (a random suffix, or the conflict). A keyed request's transaction
 * (src/http/request-context.ts) is one: nothing in it is kept from a run that failed.
 */
export async function retryingSlugRaces<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const state: RaceState = { lost: 0 };
  for (let run = 1; ; run++) {
    const before = state.lost;
    try {
      return await em.transactional((tx) => {
        retried.set(tx.getTransactionContext() as object, state);
        return work(tx);
      });
    } catch (error) {
      if (state.lost === before || run >= RUNS_MAX) throw error;
    }
  }
}

/**
 * Runs a write in a transaction; a lost race on the slug's unique constraint comes back as
 * `onSlugRace` and the write runs again. Within a transaction already open (a keyed request's),
 * the write runs in a savepoint, to be rolled back to, unless `oneFlush`: the write checks
 * everything before it writes, and writes only in its last step (one flush), so a refusal
 * leaves nothing to roll back. Such a write joins the open transaction and costs no
 * SAVEPOINT/RELEASE round trips where it cannot lose the race (PGlite runs one transaction at a
 * time) or where the transaction runs again after a lost race (`retryingSlugRaces`).
 */
export async function withSlugRace<T>(
  ctx: ServiceContext,
  work: (em: EntityManager, attempt: number) => Promise<T>,
  onSlugRace: (attempt: number) => void,
  options: { oneFlush?: boolean } = {},
): Promise<T> {
  const inTransaction = ctx.em.isInTransaction();
  const race = options.oneFlush === true && inTransaction && !runsOnPglite(ctx.em) ? raceStateOf(ctx.em) : undefined;
  const join = options.oneFlush === true && inTransaction && (race !== undefined || runsOnPglite(ctx.em));
  let attempt = 0;
  if (race && race.lost > 0) {
    // This transaction runs again after the race lost in its last run: on as after a rollback.
    attempt = race.lost;
    onSlugRace(attempt - 1);
  }
  for (; ; attempt++) {
    try {
      return await ctx.em.transactional((em) => work(em, attempt), { propagation: join ? 'required' : 'nested' });
    } catch (error) {
      if (!isSlugViolation(error)) throw error;
      // Joined, there is no savepoint to retry from: the whole transaction runs again.
      if (race) race.lost = attempt + 1;
      if (join) throw error;
      onSlugRace(attempt);
    }
  }
}
