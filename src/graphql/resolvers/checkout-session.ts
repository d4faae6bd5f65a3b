// Checkout sessions (carts): list/read, createCart, and the session's fields.
import type { SessionLine } from '../../domain/entities/checkout-session.ts';
import { INTERVALS } from '../../domain/entities/price.ts';
import * as sessions from '../../domain/services/sessions/checkout-sessions.ts';
import type { CheckoutSessionLine, Resolvers } from '../../generated/graphql.ts';
import { payload, query } from '../errors.ts';
import { must } from '../loaders.ts';

const interval = (value: string | null): (typeof INTERVALS)[number] | null =>
  (INTERVALS as readonly string[]).includes(value ?? '') ? (value as (typeof INTERVALS)[number]) : null;

/** A frozen cart line as the GraphQL CheckoutSessionLine. */
export function toSessionLine(line: SessionLine): CheckoutSessionLine {
  const recurringInterval = interval(line.recurringInterval);
  return {
    lineItemId: line.lineItemId,
    productId: line.productId,
    priceId: line.priceId,
    name: line.name,
    quantity: line.quantity,
    minQuantity: line.minQuantity,
    maxQuantity: line.maxQuantity,
    quantityEditable: line.quantityEditable,
    unitAmount: line.unitAmount,
    amountSubtotal: line.amountSubtotal,
    setupFee: line.setupFee ?? 0,
    inTrial: line.inTrial ?? false,
    amountDiscount: line.amountDiscount ?? 0,
    amountDueToday: line.amountDueToday ?? line.amountSubtotal,
    recurring: recurringInterval
      ? {
          interval: recurringInterval,
          intervalCount: line.recurringIntervalCount ?? 1,
          periodDays: recurringInterval === 'day' ? (line.recurringIntervalCount ?? 1) : null,
        }
      : null,
  };
}

export const checkoutSessionResolvers: Resolvers = {
  Query: {
    checkoutSessions: (_p, { filter, ...page }, ctx) => query(() => sessions.listCheckoutSessions(ctx, filter ?? {}, page)),
    checkoutSession: (_p, { id }, ctx) => query(() => sessions.getCheckoutSession(ctx, id)),
  },
  Mutation: {
    createCart: async (_p, { input }, ctx) => {
      const result = await payload('cart', () => sessions.createCart(ctx, input));
      return {
        checkoutSession: result.cart?.session ?? null,
        url: result.cart?.url ?? null,
        clientSecret: result.cart?.clientSecret ?? null,
        userErrors: result.userErrors,
      };
    },
  },
  CheckoutSession: {
    checkoutLink: (session, _a, ctx) => must(ctx.loaders.checkoutLink, session.checkoutLink),
    lines: (session) => session.lines.map(toSessionLine),
    metadata: (session) => session.metadata ?? {},
    livemode: (session) => session.mode === 'live',
    url: async (session, _a, ctx) => {
      const link = await must(ctx.loaders.checkoutLink, session.checkoutLink);
      const channel = link.salesChannel ? await ctx.loaders.salesChannel.load(link.salesChannel) : null;
      return sessions.sessionPageUrl(channel?.customerfrontBaseUrl || ctx.publicUrl, session.id);
    },
  },
};
