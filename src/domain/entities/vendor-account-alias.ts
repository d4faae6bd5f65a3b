import { defineEntity, p } from '@mikro-orm/core';
import { tenantProps } from './common.ts';

export const VENDOR_ACCOUNT_VENDORS = ['whop'] as const;
export type VendorAccountVendor = (typeof VENDOR_ACCOUNT_VENDORS)[number];

/**
 * An account id that an organisation's legacy clients already send (Whop `biz_…`): that vendor's
 * face accepts it as the organisation's own id. Per organisation and mode, like its keys.
 */
export const VendorAccountAliasSchema = defineEntity({
  name: 'VendorAccountAlias',
  uniques: [{ properties: ['organisation', 'mode', 'vendor', 'accountId'] }],
  properties: {
    ...tenantProps(),
    vendor: p.enum(VENDOR_ACCOUNT_VENDORS),
    accountId: p.string().length(128),
  },
});
export class VendorAccountAlias extends VendorAccountAliasSchema.class {}
VendorAccountAliasSchema.setClass(VendorAccountAlias);
