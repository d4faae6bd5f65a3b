// Whop names the owner of an object (`account_id`, `company_id` before 2026-07-20): a given
// owner must be the caller's own organisation, anything else is 404.
import type { Principal } from '../../kernel/dialect.ts';
import { notFound } from '../errors.ts';
import { accountId } from '../ids.ts';

export function checkOwner(principal: Principal, value: unknown): void {
  if (value === undefined || value === null) return;
  if (accountId.decode(value) !== principal.organisationId) throw notFound('Account');
}
