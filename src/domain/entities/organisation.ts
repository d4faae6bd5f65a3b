import { defineEntity, p } from '@mikro-orm/core';
import { createdAtProp, idProp, updatedAtProp } from './columns.ts';

/** The tenant. Not scoped by the tenant filter (it is the scope). */
export const OrganisationSchema = defineEntity({
  name: 'Organisation',
  properties: {
    id: idProp(),
    name: p.string().length(255),
    slug: p.string().length(64).unique(),
    /** Browser origins (scheme://host[:port]) allowed to call the storefront operations with this organisation's publishable keys. */
    storefrontAllowedOrigins: p.array().onCreate(() => []),
    createdAt: createdAtProp(),
    updatedAt: updatedAtProp(),
  },
});
export class Organisation extends OrganisationSchema.class {}
OrganisationSchema.setClass(Organisation);
