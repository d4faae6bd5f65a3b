import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

export const SalesChannelSchema = defineEntity({
  name: 'SalesChannel',
  uniques: [{ properties: ['organisation', 'mode', 'name'] }],
  properties: {
    ...tenantProps(),
    name: p.string().length(64),
    brandName: p.string().length(255).nullable(),
    customerfrontBaseUrl: p.string().length(2048).nullable(),
    isDefault: p.boolean().default(false),
  },
});
export class SalesChannel extends SalesChannelSchema.class {}
SalesChannelSchema.setClass(SalesChannel);
