// Line items of a checkout link as LeanRails shows them: { id: li_…, object: "item", … } with
// price and product as ids.
import type { LeanRailsLineItemFieldsFragment } from '../../../src/generated/operations.ts';
import { ids } from '../ids.ts';

export function toLeanRailsLineItem(item: LeanRailsLineItemFieldsFragment) {
  // The pricing module's amount (GraphQL LineItem.amountSubtotal); faces never multiply.
  const subtotal = item.amountSubtotal ?? 0;
  return {
    id: ids.lineItem.encode(item.id),
    object: 'item' as const,
    price: item.price ? ids.price.encode(item.price.id) : null,
    quantity: item.quantity,
    amount_subtotal: subtotal,
    // No taxes or discounts are computed on a link: the total is the subtotal.
    amount_total: subtotal,
    currency: (item.currency ?? item.price?.currency ?? '').toLowerCase(),
    product: item.product ? ids.product.encode(item.product.id) : null,
    description: item.description ?? item.product?.name ?? null,
  };
}
