// Catalog, plans and checkout links made through GraphQL, for the checkout link tests.
import { expect } from 'vitest';
import { CheckoutLink, LineItem, Price, Product } from '../../src/domain/entities/index.ts';
import type { TestGateway } from './gateway.ts';

export const LINK_FIELDS = /* GraphQL */ `
  id slug title description active mode currency source url livemode metadata affiliateCode inactiveMessage
  completedSessionsCount completedSessions { limit count }
  salesChannel { id name }
  settings { couponsAllowed forceCompany quantityEditable trialDays billingAddressCollection submitType paymentMethodTypes threeDsLevel
    paymentMethodConfiguration { enabled disabled includePlatformDefaults } }
  afterCompletion { type redirectUrl message backToProviderUrl }
  plan { id } planTier { id }
  lineItems { id type position quantity amountSubtotal currency description adjustableQuantity { enabled minimum maximum }
    periods { contractPeriod cancellationPeriod } product { id name kind } plan { id } planTier { id } price { id inline unitAmount currency } checkoutLink { id } }
`;

const CREATE = `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) {
  checkoutLink { ${LINK_FIELDS} } userErrors { code reason message path } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCheckoutLinkInput!) { updateCheckoutLink(id: $id, input: $input) {
  checkoutLink { ${LINK_FIELDS} } userErrors { code reason message path } } }`;

export interface LinkResult {
  checkoutLink: any;
  userErrors: { code: string; reason: string; message: string; path: string[] }[];
}

export function linkApi(gw: () => TestGateway) {
  return {
    async create(input: Record<string, unknown>, key?: string): Promise<LinkResult> {
      const res = await gw().graphql(CREATE, { input }, key);
      expect(res.body.errors).toBeUndefined();
      return (res.body.data as any).createCheckoutLink;
    },
    async createOk(input: Record<string, unknown>, key?: string): Promise<any> {
      const r = await this.create(input, key);
      expect(r.userErrors).toEqual([]);
      return r.checkoutLink;
    },
    async update(id: string, input: Record<string, unknown>, key?: string): Promise<LinkResult> {
      const res = await gw().graphql(UPDATE, { id, input }, key);
      expect(res.body.errors).toBeUndefined();
      return (res.body.data as any).updateCheckoutLink;
    },
    /** A product with a default price; returns both ids. */
    async product(name: string, currency = 'EUR', unitAmount = 1000, key?: string): Promise<{ productId: string; priceId: string }> {
      const r = await gw().graphql(
        `mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { reason } } }`,
        { input: { name, defaultPrice: { currency, unitAmount } } },
        key,
      );
      const p = (r.body.data as any).createProduct.product;
      return { productId: p.id, priceId: p.defaultPrice.id };
    },
    /** A plan (ACTIVE unless activate: false) through createPlan; returns the plan with its tiers and items. */
    async plan(input: Record<string, unknown>, key?: string): Promise<any> {
      const r = await gw().graphql(
        `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id code status tiers { id name items { id product { id } price { id } } } } userErrors { reason path message } } }`,
        { input: { activate: true, ...input } },
        key,
      );
      expect(r.body.errors).toBeUndefined();
      const out = (r.body.data as any).createPlan;
      expect(out.userErrors).toEqual([]);
      return out.plan;
    },
    /** Rows in the whole database (every organisation and mode, deleted ones too). */
    async rows(): Promise<Record<string, number>> {
      const em = gw().db.orm.em.fork();
      const count = (entity: new (...a: never[]) => object) => em.count(entity, {}, { filters: false });
      return { links: await count(CheckoutLink), lineItems: await count(LineItem), prices: await count(Price), products: await count(Product) };
    },
  };
}
