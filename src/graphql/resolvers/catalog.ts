// Products and prices.
import { currencyDigits, formatDecimal } from '../../domain/money.ts';
import * as prices from '../../domain/services/catalog/prices.ts';
import * as products from '../../domain/services/catalog/products.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { payload, query } from '../errors.ts';
import { must } from '../loaders.ts';

export const catalogResolvers: Resolvers = {
  Query: {
    products: (_p, { filter, ...page }, ctx) => query(() => products.listProducts(ctx, filter ?? {}, page)),
    product: (_p, { id }, ctx) => query(() => products.getProduct(ctx, id)),
    prices: (_p, { filter, ...page }, ctx) => query(() => prices.listPrices(ctx, filter ?? {}, page)),
    price: (_p, { id }, ctx) => query(() => prices.getPrice(ctx, id)),
  },
  Mutation: {
    createProduct: (_p, { input }, ctx) => payload('product', () => products.createProduct(ctx, input)),
    updateProduct: (_p, { id, input }, ctx) => payload('product', () => products.updateProduct(ctx, id, input)),
    archiveProduct: (_p, { id }, ctx) => payload('product', () => products.archiveProduct(ctx, id)),
    deleteProduct: (_p, { id }, ctx) => payload('deletedId', () => products.deleteProduct(ctx, id)),
    createPrice: (_p, { input }, ctx) => payload('price', () => prices.createPrice(ctx, input)),
    updatePrice: (_p, { id, input }, ctx) => payload('price', () => prices.updatePrice(ctx, id, input)),
    archivePrice: (_p, { id }, ctx) => payload('price', () => prices.archivePrice(ctx, id)),
  },
  Product: {
    defaultPrice: (product, _a, ctx) => (product.defaultPrice ? ctx.loaders.price.load(product.defaultPrice) : null),
    // Batched: every product's page in one statement (loaders.ts), not one query per product.
    prices: (product, { active, ...page }, ctx) =>
      query(() => ctx.loaders.pricePagesByProduct.load({ parent: product.id, where: active != null ? { active } : {}, args: page })),
    livemode: (product) => product.mode === 'live',
  },
  Price: {
    product: (price, _a, ctx) => must(ctx.loaders.product, price.product),
    unitAmountDecimal: (price) => formatDecimal(price.unitAmount, price.currency),
    currencyDigits: (price) => currencyDigits(price.currency),
    recurring: (price) =>
      price.recurringInterval
        ? { interval: price.recurringInterval, intervalCount: price.recurringIntervalCount ?? 1, periodDays: price.recurringPeriodDays }
        : null,
    salesChannel: (price, _a, ctx) => (price.salesChannel ? ctx.loaders.salesChannel.load(price.salesChannel) : null),
    checkoutLinkIds: (price, _a, ctx) => ctx.loaders.checkoutLinkIdsByPrice.load(price.id),
    livemode: (price) => price.mode === 'live',
  },
};
