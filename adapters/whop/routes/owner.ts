// Whop names the owner of an object (`account_id`, `company_id` before 2026-07-20): it must be
// the caller's own organisation: its own id (`biz_` + the organisation id) or one of its Whop
// account aliases (the client's real Whop company id, recorded with addVendorAccountAlias or the
// CLI); anything else is 404 as before.
import { WhopAccountAliasesDocument } from '../../../src/generated/operations.ts';
import type { RouteContext } from '../../kernel/dialect.ts';
import { notFound } from '../errors.ts';
import { accountId } from '../ids.ts';

// biome-ignore lint/suspicious/noExplicitAny: any route's context
export async function checkOwner(ctx: RouteContext<any, any, any>, value: unknown): Promise<void> {
  if (value === undefined || value === null) return;
  if (accountId.decode(value) === ctx.caller.organisationId) return;
  if (typeof value === 'string' && value.startsWith('biz_')) {
    const aliases = await ctx.execute(WhopAccountAliasesDocument, {}).catch(() => null);
    if (aliases?.vendorAccountAliases.some((alias) => alias.accountId === value)) return;
  }
  throw notFound('Account');
}
