// The storefront operations (schema/storefront.graphql): link preview, session start, read,
// update and completion, for publishable keys and client secrets; the organisation's allowed
// origins; the kind of an API key.
import type { SessionLine } from '../../domain/entities/checkout-session.ts';
import * as storefront from '../../domain/services/storefront/storefront.ts';
import { setAllowedOrigins } from '../../domain/services/storefront/origins.ts';
import type { PricedSession } from '../../domain/services/sessions/cart-pricing.ts';
import type { Resolvers, StorefrontAmounts, StorefrontLine, SubmitAction } from '../../generated/graphql.ts';
// The API's submitLabel is the hosted page's wording of submitAction (one table, in src/checkout).
import { submitLabel } from '../../checkout/labels.ts';
import { payload, query, type UserErrorShape } from '../errors.ts';
import { toSessionLine } from './checkout-session.ts';

const toSubmitAction = (action: storefront.SubmitAction): SubmitAction => action.toUpperCase() as SubmitAction;

/** Arguments (clientSecret) keep their own path; input fields get the `input` prefix. */
async function storefrontPayload<K extends string, T>(key: K, run: () => Promise<T>) {
  const result = await payload(key, run, []);
  const userErrors: UserErrorShape[] = result.userErrors.map((e) => ({
    ...e,
    path: e.path.length === 0 || e.path[0] === 'clientSecret' ? e.path : ['input', ...e.path],
  }));
  return { ...result, userErrors };
}

function lines(lines: SessionLine[], priced: PricedSession): StorefrontLine[] {
  return lines.map((line, index) => {
    const g = toSessionLine(line);
    return {
      index,
      name: line.name,
      quantity: line.quantity,
      quantityEditable: line.quantityEditable,
      minQuantity: line.quantityEditable ? line.minQuantity : null,
      maxQuantity: line.quantityEditable ? line.maxQuantity : null,
      unitAmount: line.unitAmount,
      amountSubtotal: priced.lines[index]?.amountSubtotal ?? 0,
      amountDueToday: priced.lines[index]?.amountDueToday ?? 0,
      setupFee: priced.lines[index]?.setupFee ?? 0,
      amountDiscount: priced.lines[index]?.amountDiscount ?? 0,
      inTrial: priced.lines[index]?.inTrial ?? false,
      recurring: g.recurring,
    };
  });
}

function amounts(priced: PricedSession): StorefrontAmounts {
  return {
    currency: priced.currency,
    amountSubtotal: priced.amountSubtotal,
    amountDiscount: priced.amountDiscount,
    amountDueToday: priced.amountDueToday,
    trialDays: priced.trialDays,
    setupFees: priced.setupFees,
    discount: priced.discount,
    recurring: priced.recurring.flatMap((r) => {
      const interval = toSessionLine({ recurringInterval: String(r.interval), recurringIntervalCount: r.intervalCount } as SessionLine).recurring;
      return interval
        ? [
            {
              interval: interval.interval,
              intervalCount: interval.intervalCount,
              amount: r.amount,
              amountDiscount: r.amountDiscount,
              amountAfterDiscount: r.amountAfterDiscount,
            },
          ]
        : [];
    }),
  };
}

const linkFields = {
  slug: (v: storefront.StorefrontLinkView) => v.link.slug,
  title: (v: storefront.StorefrontLinkView) => v.title,
  description: (v: storefront.StorefrontLinkView) => v.link.description ?? null,
  livemode: (v: storefront.StorefrontLinkView) => v.link.mode === 'live',
  checkoutMode: (v: storefront.StorefrontLinkView) => v.link.checkoutMode,
  // Enum values are the lower-case internal ones (enumResolvers).
  submitAction: (v: storefront.StorefrontLinkView) => v.submitAction as never,
  submitLabel: (v: storefront.StorefrontLinkView) => submitLabel(toSubmitAction(v.submitAction)),
  branding: (v: storefront.StorefrontLinkView) => ({ brandName: v.brandName }),
  fields: (v: storefront.StorefrontLinkView) => ({
    email: true,
    name: true,
    company: true,
    companyRequired: v.link.forceCompany,
    billingAddress: v.link.billingAddressCollection === 'required',
    promotionCode: v.link.couponsAllowed === true,
  }),
  backUrl: (v: storefront.StorefrontLinkView) => v.link.backToProviderUrl ?? null,
  lines: (v: storefront.StorefrontLinkView) => lines(v.lines, v.priced),
  amounts: (v: storefront.StorefrontLinkView) => amounts(v.priced),
  paymentAvailable: (v: storefront.StorefrontLinkView) => v.paymentAvailable,
  collectsCard: (v: storefront.StorefrontLinkView) => v.collectsCard,
  available: (v: storefront.StorefrontLinkView) => v.available,
  redirectOrigin: (v: storefront.StorefrontLinkView) => storefront.redirectOrigin(v.link),
  unavailableMessage: (v: storefront.StorefrontLinkView) => (v.available ? null : v.link.inactiveMessage || storefront.DEFAULT_INACTIVE),
};

export const storefrontResolvers: Resolvers = {
  Query: {
    storefrontCheckoutLink: (_p, { slug, preview }, ctx) =>
      query(() => storefront.previewLink(ctx, slug, { quantities: preview?.quantities, promotionCode: preview?.promotionCode })),
    storefrontSession: (_p, { clientSecret }, ctx) => query(() => storefront.readSession(ctx, clientSecret)),
  },
  Mutation: {
    startCheckoutSession: async (_p, { input }, ctx) => {
      const result = await storefrontPayload('started', () => storefront.startSession(ctx, input));
      return { session: result.started?.view ?? null, clientSecret: result.started?.clientSecret ?? null, userErrors: result.userErrors };
    },
    updateCheckoutSession: (_p, { clientSecret, input }, ctx) => storefrontPayload('session', () => storefront.updateSession(ctx, clientSecret, input)),
    completeCheckoutSession: async (_p, { clientSecret, input }, ctx) => {
      const card = input.payment?.card;
      const result = await storefrontPayload('completed', () =>
        storefront.completeSession(ctx, clientSecret, {
          update: input.update,
          payment: card ? { card: { number: card.number, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc, name: card.name ?? null } } : null,
        }),
      );
      return { session: result.completed?.view ?? null, paymentError: result.completed?.paymentError ?? null, userErrors: result.userErrors };
    },
    setStorefrontAllowedOrigins: (_p, { origins }, ctx) => payload('organisation', () => setAllowedOrigins(ctx, origins), []),
  },
  StorefrontCheckoutLink: linkFields,
  StorefrontSession: {
    id: (v) => v.session.id,
    status: (v) => v.session.status,
    link: (v) => v,
    lines: (v) => lines(v.lines, v.priced),
    amounts: (v) => amounts(v.priced),
    email: (v) => v.session.customerEmail ?? null,
    name: (v) => v.session.customerName ?? null,
    company: (v) => v.session.companyName ?? null,
    billingAddress: (v) => (v.session.billingAddress as never) ?? null,
    promotionCode: (v) => v.session.couponCode ?? null,
    orderReference: (v) => v.session.orderReference ?? null,
    lastPaymentError: (v) => storefront.lastPaymentError(v.session),
    failedPaymentAttempts: (v) => (v.session.paymentAttempts ?? []).filter((a) => a.status === 'failed').length,
    redirectUrl: (v) => storefront.redirectAfterCompletion(v.link, v.session),
    confirmationMessage: (v) => storefront.confirmationMessage(v.link, v.session),
    expiresAt: (v) => v.session.expiresAt ?? null,
    completedAt: (v) => v.session.completedAt ?? null,
  },
  ApiKey: {
    kind: (key) => key.kind,
  },
  Organisation: {
    storefrontAllowedOrigins: (org) => org.storefrontAllowedOrigins ?? [],
  },
};
