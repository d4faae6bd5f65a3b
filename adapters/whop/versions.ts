// Whop's dated versions (`Api-Version-Date`) through the kernel's version engine. Handlers build
// the latest shape; each change below is one small pure function that walks a request forward
// or a response back for one resource (docs/architecture.md, "Versions").
import { createVersionEngine, type VersionChange } from '../kernel/versions.ts';

export type JsonObject = Record<string, unknown>;
export interface VersionCtx {
  resource: 'checkout_configuration' | 'plan' | 'product';
}

export const WHOP_VERSIONS = ['2025-01-01', '2026-06-08', '2026-06-09', '2026-06-20', '2026-07-01', '2026-07-08-1', '2026-07-20', '2026-08-21-1'] as const;

/** Renames `from` to `to` (a present `to` wins); returns a new object. */
export function renameKey(body: JsonObject, from: string, to: string): JsonObject {
  if (!(from in body)) return body;
  const { [from]: value, ...rest } = body;
  return to in rest ? rest : { ...rest, [to]: value };
}

/** ISO 8601 -> unix seconds (a value that is not a date string stays as it is). */
export function toUnixSeconds(value: unknown): unknown {
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (typeof value !== 'string') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : Math.floor(ms / 1000);
}

// --- the changes, one pure function each ---------------------------------------------------

/** 2026-06-09, plans: `company_id` became `account_id` in requests. */
export const planOwnerRequest = (body: JsonObject): JsonObject => renameKey(body, 'company_id', 'account_id');
/** 2026-06-09, plans: responses return `account` instead of `company`. */
export const planOwnerResponse = (body: JsonObject): JsonObject => renameKey(body, 'account', 'company');

/** 2026-07-08-1, checkout configurations: timestamps were unix seconds before, ISO 8601 from it. */
export const configurationTimestampsResponse = (body: JsonObject): JsonObject => {
  // One copy, the timestamps replaced in place (same keys, same order).
  const out = { ...body };
  if ('created_at' in body) out.created_at = toUnixSeconds(body.created_at);
  if ('updated_at' in body) out.updated_at = toUnixSeconds(body.updated_at);
  return out;
};

/** 2026-07-20, checkout configurations: the owner was `company_id` (request and inline plan). */
export const configurationOwnerRequest = (body: JsonObject): JsonObject => {
  const out = renameKey(body, 'company_id', 'account_id');
  const plan = out.plan;
  return plan && typeof plan === 'object' && !Array.isArray(plan) ? { ...out, plan: renameKey(plan as JsonObject, 'company_id', 'account_id') } : out;
};
/** 2026-07-20, checkout configurations: the owner was `company_id` in responses. */
export const configurationOwnerResponse = (body: JsonObject): JsonObject => renameKey(body, 'account_id', 'company_id');

/** 2026-08-21-1, checkout configurations: `effective_payment_method_configuration` is new. */
export const effectivePaymentMethodsResponse = (body: JsonObject): JsonObject => {
  const { effective_payment_method_configuration: _dropped, ...rest } = body;
  return rest;
};

const only = (resource: VersionCtx['resource'], fn: (body: JsonObject) => JsonObject) => (body: JsonObject, ctx: VersionCtx) =>
  ctx.resource === resource ? fn(body) : body;

export const whopChanges: VersionChange<JsonObject, VersionCtx>[] = [
  { version: '2026-06-09', description: 'plans: company -> account', request: only('plan', planOwnerRequest), response: only('plan', planOwnerResponse) },
  {
    version: '2026-07-08-1',
    description: 'checkout configurations: ISO 8601 timestamps',
    response: only('checkout_configuration', configurationTimestampsResponse),
  },
  {
    version: '2026-07-20',
    description: 'checkout configurations: company_id -> account_id',
    request: only('checkout_configuration', configurationOwnerRequest),
    response: only('checkout_configuration', configurationOwnerResponse),
  },
  {
    version: '2026-08-21-1',
    description: 'checkout configurations: effective_payment_method_configuration',
    response: only('checkout_configuration', effectivePaymentMethodsResponse),
  },
];

export const whopVersions = createVersionEngine<JsonObject, VersionCtx>({
  versions: WHOP_VERSIONS,
  changes: whopChanges,
  defaultVersion: '2025-01-01',
});
