// Vendor account aliases: the account ids an organisation's legacy clients already send (Whop's
// company / account id `biz_…`), which that vendor's face then accepts as the organisation's own.
// Per organisation and mode (the tenant filter); written with the api-key:write scope (who may
// hand out keys may say which ids stand for the organisation) or by the operator (CLI).
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import type { Mode } from '../../entities/common.ts';
import { VendorAccountAlias } from '../../entities/index.ts';
import { VENDOR_ACCOUNT_VENDORS, type VendorAccountVendor } from '../../entities/vendor-account-alias.ts';
import { conflict, notFound } from '../../errors.ts';
import { principalOf, requireScope, type ServiceContext } from '../../service-context.ts';
import { parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';

/** What each vendor's account ids look like (Whop company ids are `biz_` + alphanumerics). */
export const ACCOUNT_ID_FORMAT: Record<VendorAccountVendor, { pattern: RegExp; example: string }> = {
  whop: { pattern: /^biz_[A-Za-z0-9]{1,64}$/, example: 'biz_XXXXXXXXXXXXXX' },
};

const addSchema = z
  .object({ vendor: z.enum(VENDOR_ACCOUNT_VENDORS), accountId: z.string().trim().min(1, 'This value should not be blank.').max(128) })
  .superRefine((input, ctx) => {
    const format = ACCOUNT_ID_FORMAT[input.vendor];
    if (!format.pattern.test(input.accountId)) {
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: `A ${input.vendor} account id looks like ${format.example}.` });
    }
  });

export type AddAliasInput = z.input<typeof addSchema>;
export interface AliasOwner {
  organisation: string;
  mode: Mode;
}

/** Adds an alias for `owner` in `em` (with the tenant filter of that owner, or none). */
export async function addAliasFor(em: EntityManager, owner: AliasOwner, raw: AddAliasInput): Promise<VendorAccountAlias> {
  const input = parse(addSchema, raw);
  try {
    return await em.transactional(async (tem) => {
      const taken = await tem.findOne(VendorAccountAlias, { ...owner, vendor: input.vendor, accountId: input.accountId });
      if (taken) throw duplicate(input.accountId);
      const alias = tem.create(VendorAccountAlias, { ...owner, vendor: input.vendor, accountId: input.accountId });
      await tem.flush();
      return alias;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw duplicate(input.accountId);
    throw error;
  }
}

const duplicate = (accountId: string) =>
  conflict('VENDOR_ACCOUNT_ALIAS__EXISTS', `The alias ${accountId} is already recorded for this organisation and mode.`, ['accountId']);

export async function addVendorAccountAlias(ctx: ServiceContext, raw: AddAliasInput): Promise<VendorAccountAlias> {
  const principal = requireScope(ctx, 'api-key:write');
  return addAliasFor(ctx.em, { organisation: principal.organisationId, mode: principal.mode }, raw);
}

export async function removeVendorAccountAlias(ctx: ServiceContext, id: string): Promise<VendorAccountAlias> {
  requireScope(ctx, 'api-key:write');
  return ctx.em.transactional(async (em) => {
    const alias = isUuid(id) ? await em.findOne(VendorAccountAlias, { id }) : null;
    if (!alias) throw notFound('VendorAccountAlias');
    em.remove(alias);
    await em.flush();
    return alias;
  });
}

/** The caller's aliases (any valid key: faces check a client's account id against them). */
export function listVendorAccountAliases(ctx: ServiceContext, vendor?: VendorAccountVendor | null): Promise<VendorAccountAlias[]> {
  principalOf(ctx);
  return ctx.em.find(VendorAccountAlias, vendor ? { vendor } : {}, { orderBy: { vendor: 'asc', accountId: 'asc' } });
}
