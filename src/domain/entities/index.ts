export { Organisation } from './organisation.ts';
export { SalesChannel } from './sales-channel.ts';
export { ApiKey } from './api-key.ts';
export { Product } from './product.ts';
export { Price } from './price.ts';
export { Plan } from './plan.ts';
export { PlanTier } from './plan-tier.ts';
export { PlanTierItem } from './plan-tier-item.ts';
export { CheckoutLink } from './checkout-link.ts';
export { LineItem } from './line-item.ts';
export { CheckoutSession } from './checkout-session.ts';
export { IdempotencyKey } from './idempotency-key.ts';
export { Event } from './event.ts';
export { WebhookEndpoint } from './webhook-endpoint.ts';
export { WebhookDelivery } from './webhook-delivery.ts';
export { Coupon } from './coupon.ts';
export { PromotionCode } from './promotion-code.ts';
export { VendorAccountAlias } from './vendor-account-alias.ts';
export type { Mode } from './common.ts';

import { ApiKey } from './api-key.ts';
import { Coupon } from './coupon.ts';
import { PromotionCode } from './promotion-code.ts';
import { CheckoutLink } from './checkout-link.ts';
import { CheckoutSession } from './checkout-session.ts';
import { IdempotencyKey } from './idempotency-key.ts';
import { LineItem } from './line-item.ts';
import { Organisation } from './organisation.ts';
import { Plan } from './plan.ts';
import { PlanTier } from './plan-tier.ts';
import { PlanTierItem } from './plan-tier-item.ts';
import { Price } from './price.ts';
import { Product } from './product.ts';
import { SalesChannel } from './sales-channel.ts';
import { Event } from './event.ts';
import { WebhookDelivery } from './webhook-delivery.ts';
import { WebhookEndpoint } from './webhook-endpoint.ts';
import { VendorAccountAlias } from './vendor-account-alias.ts';

/** Entities scoped by the tenant filter (organisation + mode). */
export const tenantEntities = [
  SalesChannel,
  ApiKey,
  Product,
  Price,
  Plan,
  PlanTier,
  PlanTierItem,
  CheckoutLink,
  LineItem,
  CheckoutSession,
  IdempotencyKey,
  Event,
  WebhookEndpoint,
  WebhookDelivery,
  Coupon,
  PromotionCode,
  VendorAccountAlias,
];
export const allEntities = [Organisation, ...tenantEntities];
