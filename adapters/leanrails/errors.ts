// The LeanRails error table: the Stripe family's (adapters/kernel/stripe/errors.ts) with the
// dialect's own reasons (idempotency, versions), whose reason starts with LEANRAILS__ and names
// the code, and LeanRails's parameter names (mappers/params.ts).
import type { ErrorMapper, Reason } from '../kernel/errors.ts';
import { dialectError, stripeErrors, type StripeRow } from '../kernel/stripe/errors.ts';
import { paramOf } from './mappers/params.ts';

export { missing, notExpandable, paramError } from '../kernel/stripe/errors.ts';

type LeanReason = Extract<Reason, `LEANRAILS__${string}`>;

/** Dialect-only errors: reason -> status, type, code. */
const DIALECT: Readonly<Record<LeanReason, StripeRow>> = {
  LEANRAILS__IDEMPOTENCY_KEY_MISSING: { status: 400, type: 'invalid_request_error', code: 'parameter_missing' },
  LEANRAILS__IDEMPOTENCY_KEY_INVALID: { status: 400, type: 'invalid_request_error', code: 'parameter_invalid' },
  LEANRAILS__IDEMPOTENCY_KEY_REUSED: { status: 422, type: 'invalid_request_error', code: 'idempotency_key_reused' },
  LEANRAILS__IDEMPOTENCY_KEY_IN_USE: { status: 409, type: 'idempotency_error', code: 'idempotency_key_in_use' },
  LEANRAILS__API_VERSION_INVALID: { status: 400, type: 'invalid_request_error', code: 'api_version_invalid' },
  LEANRAILS__RESOURCE_IN_USE: { status: 400, type: 'invalid_request_error', code: 'resource_in_use' },
};

/** A dialect-only error (see DIALECT) with its param. */
export const leanError = (reason: LeanReason, message: string, param: string | null = null) => dialectError(reason, message, param);

/** The ErrorMapper of the dialect; `publicUrl` builds doc_url. */
export const leanrailsErrors = (publicUrl: string): ErrorMapper =>
  stripeErrors({ docUrl: (code) => `${publicUrl}/leanrails/docs/errors#${code}`, paramOf, dialect: DIALECT });
