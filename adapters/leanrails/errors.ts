// The LeanRails error table: one GatewayError -> { error: { type, code, message, param, doc_url } }
// with its HTTP status. Dialect-only failures (idempotency, versions) are GatewayErrors whose
// reason starts with LEANRAILS__ and names the code.
import { BODY_REASONS, kindOf, type ErrorKind, type Reason } from '../../src/contract/errors.ts';
import { GatewayError, type ErrorMapper, type GatewayViolation } from '../kernel/errors.ts';
import { bracket, paramOf } from './mappers/params.ts';

export type LeanType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'api_error' | 'idempotency_error' | 'permission_error';

interface LeanError {
  status: number;
  type: LeanType;
  code: string;
  message: string;
  param: string | null;
}

/** The status of the core's VALIDATION errors by kind: a bad parameter is a 400, a broken business rule a 422. */
const VALIDATION_STATUS: Record<ErrorKind, 400 | 422> = {
  input: 400,
  rule: 422,
  missing: 422,
  conflict: 422,
  limit: 422,
  auth: 422,
  forbidden: 422,
  internal: 422,
};

/** Conflicts that are deleting what something still uses: a 400 resource_in_use, as Stripe answers it. */
const IN_USE: ReadonlySet<Reason> = new Set<Reason>(['PRODUCT__IN_USE', 'PLAN_TIER__IN_USE']);

type LeanReason = Extract<Reason, `LEANRAILS__${string}`>;

/** Dialect-only errors: reason -> status, type, code. */
const DIALECT: Readonly<Record<LeanReason, { status: number; type: LeanType; code: string }>> = {
  LEANRAILS__IDEMPOTENCY_KEY_MISSING: { status: 400, type: 'invalid_request_error', code: 'parameter_missing' },
  LEANRAILS__IDEMPOTENCY_KEY_INVALID: { status: 400, type: 'invalid_request_error', code: 'parameter_invalid' },
  LEANRAILS__IDEMPOTENCY_KEY_REUSED: { status: 422, type: 'invalid_request_error', code: 'idempotency_key_reused' },
  LEANRAILS__IDEMPOTENCY_KEY_IN_USE: { status: 409, type: 'idempotency_error', code: 'idempotency_key_in_use' },
  LEANRAILS__API_VERSION_INVALID: { status: 400, type: 'invalid_request_error', code: 'api_version_invalid' },
  LEANRAILS__RESOURCE_IN_USE: { status: 400, type: 'invalid_request_error', code: 'resource_in_use' },
};

/** A dialect-only error (see DIALECT) with its param. */
export function leanError(reason: LeanReason, message: string, param: string | null = null): GatewayError {
  const violations: GatewayViolation[] = param === null ? [] : [{ path: [param], message, reason, code: 'BAD_REQUEST' }];
  return new GatewayError('BAD_REQUEST', reason, message, violations);
}

/** A parameter error raised by the dialect itself (path in request notation, already snake case). */
export function paramError(path: string[], message: string, reason: 'VALUE__MISSING' | 'VALUE__INVALID' | 'VALUE__UNKNOWN_FIELD' = 'VALUE__INVALID'): GatewayError {
  return new GatewayError('BAD_REQUEST', reason, message, [{ path, message, reason, code: 'VALIDATION' }], 400);
}

/** A missing object: 404 resource_missing; `path` is ['id'] for the URL's object. */
export function missing(kind: string, id: unknown, path: string[] = ['id']): GatewayError {
  const message = `No such ${kind}: '${typeof id === 'string' ? id : String(id)}'`;
  return new GatewayError('NOT_FOUND', 'RESOURCE__MISSING', message, [{ path, message, reason: 'RESOURCE__MISSING', code: 'NOT_FOUND' }]);
}

const parameterCode = (reason: string): string =>
  reason === 'VALUE__MISSING' ? 'parameter_missing' : reason === 'VALUE__UNKNOWN_FIELD' ? 'parameter_unknown' : 'parameter_invalid';

function describe(error: GatewayError): LeanError {
  const first = error.violations[0];
  // BAD_REQUEST paths are already in request notation (schema validation, the dialect's own checks).
  const param = first ? (error.code === 'BAD_REQUEST' ? bracket(first.path) : paramOf(first.path)) : null;
  const dialect = Object.hasOwn(DIALECT, error.reason) ? DIALECT[error.reason as LeanReason] : undefined;
  if (dialect) return { ...dialect, message: error.message, param: first?.path[0] ?? null };
  switch (error.code) {
    case 'NOT_FOUND':
      return { status: 404, type: 'invalid_request_error', code: 'resource_missing', message: error.message, param: param ?? (error.reason === 'ROUTE__NOT_FOUND' ? null : 'id') };
    case 'BAD_REQUEST': {
      if (error.status === 413) return { status: 413, type: 'invalid_request_error', code: 'request_too_large', message: error.message, param: null };
      if (error.status === 415) return { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', message: error.message, param: null };
      const reason = first?.reason ?? error.reason;
      const unknown = reason === 'VALUE__UNKNOWN_FIELD';
      const message = unknown && param ? `Received unknown parameter: ${param}` : param && first ? `Invalid ${param}: ${first.message}` : error.message;
      return { status: 400, type: 'invalid_request_error', code: BODY_REASONS.has(error.reason) ? 'parameter_invalid' : parameterCode(reason), message, param };
    }
    case 'VALIDATION': {
      const reason = first?.reason ?? error.reason;
      const status = VALIDATION_STATUS[kindOf(reason, 'VALIDATION')];
      const business = status === 422;
      return { status, type: 'invalid_request_error', code: business ? 'parameter_invalid' : parameterCode(reason), message: error.message, param };
    }
    case 'CONFLICT':
      if (IN_USE.has(error.reason)) return { status: 400, type: 'invalid_request_error', code: 'resource_in_use', message: error.message, param: null };
      return { status: 409, type: 'invalid_request_error', code: 'resource_already_exists', message: error.message, param };
    case 'IDEMPOTENCY_CONFLICT':
      return { status: 409, type: 'idempotency_error', code: 'idempotency_key_in_use', message: error.message, param: null };
    case 'UNAUTHENTICATED':
      return { status: 401, type: 'authentication_error', code: 'api_key_invalid', message: error.message, param: null };
    case 'FORBIDDEN':
      return { status: 403, type: 'permission_error', code: 'permission_denied', message: error.message, param: null };
    case 'RATE_LIMITED':
      return { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: error.message, param: null };
    default:
      return { status: 500, type: 'api_error', code: 'api_error', message: 'An internal error occurred.', param: null };
  }
}

/** The ErrorMapper of the dialect; `publicUrl` builds doc_url. */
export function leanrailsErrors(publicUrl: string): ErrorMapper {
  return (error) => {
    const e = describe(error);
    return {
      status: e.status,
      body: { error: { type: e.type, code: e.code, message: e.message, param: e.param, doc_url: `${publicUrl}/leanrails/docs/errors#${e.code}` } },
    };
  };
}
