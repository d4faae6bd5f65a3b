// Who a request acts for: an organisation, a mode and the scopes of its key.
import type { Mode } from './entities/common.ts';

export const SCOPES = [
  'checkout-link:read',
  'checkout-link:write',
  'plan:read',
  'plan:write',
  'product:read',
  'product:write',
  'price:read',
  'price:write',
  'cart:write',
  'api-key:write',
  'webhook:read',
  'webhook:write',
  'event:read',
  'coupon:read',
  'coupon:write',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  organisationId: string;
  mode: Mode;
  /** secret (sk_…): the API, by scopes; publishable (pk_…): the storefront operations only, no scopes. */
  kind?: 'secret' | 'publishable';
  scopes: ReadonlySet<string>;
  apiKeyId: string;
}

/** The caller of a request: a key's principal, the platform operator, both or neither. */
export interface Caller {
  principal: Principal | null;
  operator: boolean;
}
