import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Plan } from './plan.ts';
import { PlanTier } from './plan-tier.ts';
import { SalesChannel } from './sales-channel.ts';

export const CHECKOUT_MODES = ['payment', 'order', 'setup'] as const;
export const LINK_SOURCES = ['tier', 'items', 'plan'] as const;
export const BILLING_ADDRESS = ['auto', 'required'] as const;
export const SUBMIT_TYPES = ['auto', 'pay', 'book', 'donate'] as const;
export const AFTER_COMPLETION = ['default', 'redirect', 'message'] as const;

export interface PaymentMethodConfig {
  enabled: string[];
  disabled: string[];
  includePlatformDefaults: boolean;
}

/** A checkout link. The slug is unique across the gateway: the public URL names no organisation. */
export const CheckoutLinkSchema = defineEntity({
  name: 'CheckoutLink',
  indexes: [
    { properties: ['organisation', 'mode', 'id'] },
    // The live links of a tenant and mode, newest first: a list's page (a backward scan, no sort,
    // whatever the statistics): Migration20261207004500_checkout_link_live_count,
    // Migration20261207110000_checkout_link_live_page. The total of an unfiltered list comes from
    // checkout_link_tally (Migration20261207160000_checkout_link_tally, src/db/tallies.ts).
    { name: 'checkout_link_live_index', properties: ['organisation', 'mode', 'id'], where: { deletedAt: null } },
  ],
  properties: {
    ...tenantProps(),
    slug: p.string().length(64).unique(),
    title: p.string().length(255).nullable(),
    description: p.text().nullable(),
    active: p.boolean().default(true),
    checkoutMode: p.enum(CHECKOUT_MODES).default('payment'),
    currency: p.string().length(3).nullable(),
    source: p.enum(LINK_SOURCES),
    plan: () => p.manyToOne(Plan).mapToPk().nullable().deleteRule('cascade').index(),
    planTier: () => p.manyToOne(PlanTier).mapToPk().nullable().deleteRule('cascade').index(),
    salesChannel: () => p.manyToOne(SalesChannel).mapToPk().nullable().deleteRule('set null'),
    couponsAllowed: p.boolean().nullable(),
    forceCompany: p.boolean().default(false),
    quantityEditable: p.boolean().default(false),
    trialDays: p.integer().nullable(),
    billingAddressCollection: p.enum(BILLING_ADDRESS).default('auto'),
    submitType: p.enum(SUBMIT_TYPES).default('auto'),
    paymentMethodTypes: p.array().nullable(),
    paymentMethodConfiguration: p.json<PaymentMethodConfig>().nullable(),
    threeDsLevel: p.string().length(32).nullable(),
    affiliateCode: p.string().length(255).nullable(),
    afterCompletionType: p.enum(AFTER_COMPLETION).default('default'),
    afterCompletionRedirectUrl: p.string().length(2048).nullable(),
    afterCompletionMessage: p.text().nullable(),
    backToProviderUrl: p.string().length(2048).nullable(),
    completedSessionsLimit: p.integer().nullable(),
    completedSessionsCount: p.integer().default(0),
    inactiveMessage: p.text().nullable(),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class CheckoutLink extends CheckoutLinkSchema.class {}
CheckoutLinkSchema.setClass(CheckoutLink);
