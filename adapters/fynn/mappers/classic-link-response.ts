// A checkout link in the classic Fynn shape.
import type { FynnClassicLinkFieldsFragment } from '../../../src/generated/operations.ts';
import { classicDate } from './dates.ts';

export function toClassicLink(link: FynnClassicLinkFieldsFragment) {
  const after = link.afterCompletion;
  return {
    id: link.id,
    name: link.title ?? null,
    slug: link.slug,
    url: link.url,
    isEnabled: link.active,
    options: {
      allowCoupons: link.settings.couponsAllowed ?? false,
      forceCompany: link.settings.forceCompany,
      quantityEditable: link.settings.quantityEditable,
      trialDays: link.settings.trialDays ?? null,
    },
    afterCheckout: {
      action: after.type === 'REDIRECT' ? 'redirect' : 'confirmation_message',
      url: after.redirectUrl ?? null,
      confirmationMessage: after.message ?? null,
      backToProviderUrl: after.backToProviderUrl ?? null,
    },
    items: link.lineItems.map((item) => ({
      id: item.id,
      type: item.type === 'PLAN' ? 'plan' : 'product',
      product: item.product?.id ?? null,
      plan: item.plan?.id ?? null,
      price: item.price?.id ?? null,
      quantity: item.quantity,
      periods: item.periods.map((p) => ({ contractPeriod: p.contractPeriod ?? null, cancellationPeriod: p.cancellationPeriod ?? null })),
    })),
    createdAt: classicDate(link.createdAt),
  };
}
