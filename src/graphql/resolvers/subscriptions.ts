// GraphQL subscriptions: committed events of the caller's organisation and mode, as they happen
// (the runtime's event stream: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite).
import { CheckoutSession, Event } from '../../domain/entities/index.ts';
import { requireScope } from '../../domain/service-context.ts';
import { isUuid } from '../../domain/services/support/ids.ts';
import type { CommittedEvent } from '../../events/recorder.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { webhookRuntimeOf } from '../../webhooks/runtime.ts';
import type { GraphQLContext } from '../context.ts';
import { query } from '../errors.ts';

/** At most this many events wait for a slow subscriber; older ones are dropped. */
const BUFFER = 1000;

/** The committed events of the context's tenant accepted by `accept`, each turned into a value by `load`. */
function stream<T>(ctx: GraphQLContext, accept: (e: CommittedEvent) => boolean, load: (e: CommittedEvent) => Promise<T | null>): AsyncIterableIterator<T> {
  const principal = ctx.principal!;
  const queue: CommittedEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const off = webhookRuntimeOf(ctx.em).onEvent((e) => {
    if (e.organisation !== principal.organisationId || e.mode !== principal.mode || !accept(e)) return;
    if (queue.length >= BUFFER) queue.shift();
    queue.push(e);
    wake?.();
  });
  const finish = () => {
    done = true;
    off();
    wake?.();
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      while (!done) {
        const e = queue.shift();
        if (e) {
          const value = await load(e).catch(() => null);
          if (value !== null) return { value, done: false };
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      return { value: undefined, done: true };
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
    async throw(error) {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}

/** A fresh EntityManager in the caller's tenant: each event is read as committed, not from an old identity map. */
function freshEm(ctx: GraphQLContext) {
  const em = ctx.em.fork({ clear: true });
  em.setFilterParams('tenant', { organisationId: ctx.principal!.organisationId, mode: ctx.principal!.mode });
  return em;
}

const typeMatches = (types: readonly string[] | null | undefined, type: string) =>
  !types?.length || types.some((t) => t === '*' || t === type || (t.endsWith('.*') && type.startsWith(t.slice(0, -1))));

export const subscriptionResolvers: Resolvers = {
  Subscription: {
    checkoutSessionCompleted: {
      subscribe: (_p, { checkoutLinkId }, ctx) =>
        query(async () => {
          requireScope(ctx, 'checkout-link:read');
          return stream(
            ctx,
            (e) => e.type === 'checkout_session.completed' && !!e.objectId,
            async (e) => {
              const session = await freshEm(ctx).findOne(CheckoutSession, { id: e.objectId! });
              if (!session || (checkoutLinkId && (!isUuid(checkoutLinkId) || session.checkoutLink !== checkoutLinkId))) return null;
              return { checkoutSessionCompleted: session };
            },
          );
        }) as never,
    },
    events: {
      subscribe: (_p, { types }, ctx) =>
        query(async () => {
          requireScope(ctx, 'event:read');
          return stream(
            ctx,
            (e) => typeMatches(types, e.type),
            async (e) => {
              const event = await freshEm(ctx).findOne(Event, { id: e.id });
              return event ? { events: event } : null;
            },
          );
        }) as never,
    },
  },
};
