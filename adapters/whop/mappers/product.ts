// Whop products <-> catalog products.
import type { CreateProductInput, ProductVisibility, UpdateProductInput, WhopProductFragment } from '../../../src/generated/operations.ts';
import { ownerUserId, productId } from '../ids.ts';
import type { JsonObject } from '../versions.ts';
import { toWhopAccount, type AccountInfo } from './plan.ts';
import { iso } from './time.ts';
import type { WhopProductBody } from '../schemas/products.ts';

export type { WhopProductBody };

const visibility = (v: string): ProductVisibility => v.toUpperCase() as ProductVisibility;

export function toCreateProductInput(body: WhopProductBody & { title: string }): CreateProductInput {
  return {
    name: body.title,
    kind: 'ONE_TIME',
    ...(body.description != null ? { description: body.description } : {}),
    ...(body.visibility ? { visibility: visibility(body.visibility) } : { visibility: 'VISIBLE' }),
    ...(body.route != null ? { route: body.route } : {}),
    ...(body.headline != null ? { headline: body.headline } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
  };
}

export function toUpdateProductInput(body: WhopProductBody): UpdateProductInput {
  const out: UpdateProductInput = {};
  if (body.title != null) out.name = body.title;
  if (body.description !== undefined) out.description = body.description;
  if (body.visibility) out.visibility = visibility(body.visibility);
  if (body.route !== undefined) out.route = body.route;
  if (body.headline !== undefined) out.headline = body.headline;
  if (body.metadata != null) out.metadata = body.metadata;
  return out;
}

/**
 * A catalog product as the SDK's `Product`, with every field its type marks required. Where the
 * gateway has no such concept the value is the documented default (adapters/whop/README.md):
 * no gallery, affiliates disabled, no tax code, `custom_cta` "get_access" (Whop's default), the
 * organisation as `owner_user`, and the product id as `route` when none was set.
 */
export function toWhopProduct(product: WhopProductFragment, org: AccountInfo | null): JsonObject {
  const id = productId.encode(product.id);
  return {
    id,
    title: product.name,
    description: product.description,
    headline: product.headline,
    route: product.route ?? id,
    visibility: product.visibility ? product.visibility.toLowerCase() : 'visible',
    created_at: iso(product.createdAt),
    updated_at: iso(product.updatedAt),
    company: org ? toWhopAccount(org) : null,
    metadata: product.metadata,
    business_type: null,
    industry_type: null,
    external_identifier: null,
    custom_cta: 'get_access',
    custom_cta_url: null,
    custom_statement_descriptor: null,
    member_count: 0,
    published_reviews_count: 0,
    verified: false,
    gallery_images: [],
    global_affiliate_percentage: null,
    global_affiliate_status: 'disabled',
    member_affiliate_percentage: null,
    member_affiliate_status: 'disabled',
    owner_user: org ? { id: ownerUserId.encode(org.id), name: org.name, username: org.slug } : null,
    product_tax_code: null,
  };
}
