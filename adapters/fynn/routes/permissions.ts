// Fynn permission names onto the gateway's scopes. A route's scopes are checked before any
// operation runs, so a key without the permission gets 403 even for an object that does not exist.

/** Classic permission names and V2 operations, each with the gateway scopes it needs. */
export const PERMISSIONS = {
  'checkout-link:read': ['checkout-link:read'],
  'checkout-link:write': ['checkout-link:write'],
  'cart:write': ['cart:write'],
  'plan:read': ['plan:read'],
  'plan:write': ['plan:write'],
  'product:read': ['product:read'],
  'product:write': ['product:write'],
  /** Price plans are the core's prices. */
  'price-plan:read': ['price:read'],
  'price-plan:write': ['price:write'],
  /** V2 links live under a plan: reading the plan's tiers needs plan:read as well. */
  'plan-checkout-link:read': ['checkout-link:read', 'plan:read'],
  'plan-checkout-link:write': ['checkout-link:write', 'plan:read'],
  'coupon:read': ['coupon:read'],
  'coupon:write': ['coupon:write'],
  'webhook:read': ['webhook:read'],
  'webhook:write': ['webhook:write'],
} as const;

export type Permission = keyof typeof PERMISSIONS;
