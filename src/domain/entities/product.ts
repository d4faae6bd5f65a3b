import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';
import { Price } from './price.ts';

export const PRODUCT_KINDS = ['recurring', 'one_time', 'plan_only'] as const;
export const VISIBILITIES = ['visible', 'hidden', 'archived', 'quick_link'] as const;

export const ProductSchema = defineEntity({
  name: 'Product',
  indexes: [{ properties: ['organisation', 'mode', 'id'] }],
  properties: {
    ...tenantProps(),
    name: p.string().length(255),
    description: p.text().nullable(),
    kind: p.enum(PRODUCT_KINDS).default('recurring'),
    active: p.boolean().default(true),
    metadata: p.json<Record<string, unknown>>().onCreate(() => ({})),
    images: p.json<string[]>().onCreate(() => []),
    shippable: p.boolean().nullable(),
    invoiceVisibility: p.string().length(32).nullable(),
    customFields: p.json<Record<string, unknown>>().onCreate(() => ({})),
    visibility: p.enum(VISIBILITIES).nullable(),
    route: p.string().length(255).nullable(),
    headline: p.string().length(255).nullable(),
    defaultPrice: () => p.manyToOne(Price).mapToPk().nullable().deleteRule('set null'),
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
export class Product extends ProductSchema.class {}
ProductSchema.setClass(Product);
