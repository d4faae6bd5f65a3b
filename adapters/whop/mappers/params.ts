// The Whop request field of a core input path, for error messages in the client's notation
// (`initial_price: …`, never the core's `initialPrice: …`). The table holds the core fields the
// Whop routes set (mappers/plan.ts, product.ts, configuration.ts, promo-code.ts, webhook.ts);
// a path it does not know gets no name rather than an internal one.
const FIELDS: Readonly<Record<string, string>> = {
  name: 'title',
  description: 'description',
  visibility: 'visibility',
  route: 'route',
  headline: 'headline',
  metadata: 'metadata',
  code: 'code',
  planType: 'plan_type',
  releaseMethod: 'release_method',
  initialPrice: 'initial_price',
  renewalPrice: 'renewal_price',
  currency: 'currency',
  billingPeriodDays: 'billing_period',
  expirationDays: 'expiration_days',
  trialPeriodDays: 'trial_period_days',
  threeDsLevel: 'three_ds_level',
  taxType: 'override_tax_type',
  taxBehavior: 'override_tax_type',
  paymentMethodConfiguration: 'payment_method_configuration',
  internalNotes: 'internal_notes',
  stock: 'stock',
  unlimitedStock: 'unlimited_stock',
  originProductId: 'product_id',
  productId: 'product_id',
  planId: 'plan_id',
  redirectUrl: 'redirect_url',
  url: 'url',
  enabled: 'enabled',
  events: 'events',
  percentOff: 'amount_off',
  amountOff: 'amount_off',
  maxRedemptions: 'stock',
  expiresAt: 'expires_at',
};

/** The Whop field of a core input path (its last named segment), or null. */
export function whopField(path: readonly string[]): string | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i] as string;
    if (/^\d+$/.test(segment)) continue;
    return FIELDS[segment] ?? null;
  }
  return null;
}
