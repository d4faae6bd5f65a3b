// Checkout configuration <-> checkout link. Responses are built at the latest version
// (2026-08-21-1); versions.ts walks them back.
import type { CreateCheckoutLinkInput, WhopEmbeddedPlanFragment, WhopLinkFragment } from '../../../src/generated/operations.ts';
import { accountId, configurationId, planId } from '../ids.ts';
import type { JsonObject } from '../versions.ts';
import { whopAmounts } from './prices.ts';
import { iso } from './time.ts';
import type { CreateConfigurationBody } from '../schemas/checkout-configurations.ts';

export type { CreateConfigurationBody };

export interface WhopPaymentMethodConfiguration {
  enabled: string[];
  disabled: string[];
  include_platform_defaults: boolean;
}

const lower = <T extends string>(value: T | null | undefined): string | null => (value ? value.toLowerCase() : null);

const PLATFORM_DEFAULT: WhopPaymentMethodConfiguration = { enabled: [], disabled: [], include_platform_defaults: true };

function pmcFromJson(value: Record<string, unknown> | null | undefined): WhopPaymentMethodConfiguration | null {
  if (!value) return null;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const include = value.include_platform_defaults ?? value.includePlatformDefaults;
  return { enabled: list(value.enabled), disabled: list(value.disabled), include_platform_defaults: include !== false };
}

/**
 * The plan embedded in a configuration, with the amounts the checkout charges: a link selling one
 * tier of a plan of several tiers embeds that tier's Whop plan (the tier's id and amounts).
 */
export function toWhopEmbeddedPlan(plan: WhopEmbeddedPlanFragment, fallbackCurrency: string | null, tier: WhopLinkFragment['planTier'] = null): JsonObject {
  const currency = plan.currency ?? fallbackCurrency ?? 'USD';
  const asTier = tier && !plan.pricing && plan.tiers.length > 1 ? tier : null;
  const prices = asTier?.pricing ?? plan.pricing ?? tier?.pricing ?? null;
  const amounts = prices
    ? whopAmounts(prices, currency)
    : { plan_type: 'one_time', initial_price: 0, renewal_price: 0, billing_period: null, trial_period_days: plan.trialPeriodDays };
  return {
    id: planId.encode(asTier?.id ?? plan.id),
    adaptive_pricing_enabled: false,
    billing_period: amounts.billing_period,
    currency: currency.toLowerCase(),
    expiration_days: plan.expirationDays,
    initial_price: amounts.initial_price,
    plan_type: amounts.plan_type,
    release_method: lower(plan.releaseMethod) ?? 'buy_now',
    renewal_price: amounts.renewal_price,
    three_ds_level: plan.threeDsLevel,
    trial_period_days: amounts.trial_period_days,
    visibility: lower(plan.visibility) ?? 'visible',
  };
}

/**
 * The account id of an organisation: the last one encoded is kept, since every configuration of
 * a page (and of a request) has the same account.
 */
let lastOrganisation = '';
let lastAccountId = '';
function accountIdOf(organisationId: string): string {
  if (organisationId !== lastOrganisation) {
    lastAccountId = accountId.encode(organisationId);
    lastOrganisation = organisationId;
  }
  return lastAccountId;
}

/** A checkout link as a Whop checkout configuration (latest shape). */
export function toWhopCheckoutConfiguration(link: WhopLinkFragment, options: { showMetadata: boolean }): JsonObject {
  const own = link.settings.paymentMethodConfiguration;
  const pmc: WhopPaymentMethodConfiguration | null = own
    ? { enabled: own.enabled, disabled: own.disabled, include_platform_defaults: own.includePlatformDefaults }
    : null;
  return {
    id: configurationId.encode(link.id),
    account_id: accountIdOf(link.organisationId),
    created_at: iso(link.createdAt),
    updated_at: iso(link.updatedAt),
    mode: link.mode === 'SETUP' ? 'setup' : 'payment',
    currency: lower(link.currency),
    plan: link.plan ? toWhopEmbeddedPlan(link.plan, link.currency, link.planTier) : null,
    affiliate_code: link.affiliateCode,
    metadata: options.showMetadata ? link.metadata : null,
    redirect_url: link.afterCompletion.type === 'REDIRECT' ? link.afterCompletion.redirectUrl : null,
    purchase_url: link.url,
    three_ds_level: link.settings.threeDsLevel,
    payment_method_configuration: pmc,
    effective_payment_method_configuration: pmc ?? pmcFromJson(link.plan?.paymentMethodConfiguration) ?? PLATFORM_DEFAULT,
  };
}

/** The createCheckoutLink input of a (latest-shape) create body, given the plan to sell. */
export function toCreateCheckoutLinkInput(body: CreateConfigurationBody, planUuid: string | null): CreateCheckoutLinkInput {
  const setup = body.mode === 'setup';
  const pmc = body.payment_method_configuration;
  const settings = {
    ...(body.three_ds_level != null ? { threeDsLevel: body.three_ds_level } : {}),
    ...(pmc
      ? {
          paymentMethodConfiguration: {
            enabled: pmc.enabled ?? [],
            disabled: pmc.disabled ?? [],
            includePlatformDefaults: pmc.include_platform_defaults ?? true,
          },
        }
      : {}),
  };
  return {
    mode: setup ? 'SETUP' : 'PAYMENT',
    ...(planUuid ? { planId: planUuid } : {}),
    // Setup mode sells nothing; its currency decides payment method availability (default usd).
    ...(body.currency ? { currency: body.currency } : setup ? { currency: 'usd' } : {}),
    ...(body.affiliate_code != null ? { affiliateCode: body.affiliate_code } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
    ...(body.redirect_url ? { afterCompletion: { type: 'REDIRECT', redirectUrl: body.redirect_url } } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
}
