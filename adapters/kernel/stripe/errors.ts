// The Stripe-family error table: one GatewayError -> { error: { type, code, message, param,
// doc_url } } with its HTTP status. A Stripe-like dialect supplies its own parts: the doc_url of
// a code, how a core input path reads as its `param`, and its dialect-only reasons.
import { BODY_REASONS, kindOf, type ErrorKind, type Reason } from '../../../src/contract/errors.ts';
import { GatewayError, messageIn, type ErrorMapper, type GatewayViolation } from '../errors.ts';

export type StripeType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'api_error' | 'idempotency_error' | 'permission_error';

/** Every code a Stripe-family dialect answers (each has a section on its error docs page). */
export type StripeCode =
  | 'parameter_missing'
  | 'parameter_invalid'
  | 'parameter_unknown'
  | 'resource_missing'
  | 'resource_already_exists'
  | 'resource_in_use'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'api_version_invalid'
  | 'api_key_invalid'
  | 'permission_denied'
  | 'rate_limit_exceeded'
  | 'request_too_large'
  | 'unsupported_media_type'
  | 'api_error';

export interface StripeRow {
  status: number;
  type: StripeType;
  code: StripeCode;
}

interface StripeError extends StripeRow {
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

/** Bracket notation: first segment as is, every further one in brackets. */
export function bracket(path: readonly string[]): string | null {
  const [head, ...rest] = path;
  if (head === undefined || head === '') return null;
  return head + rest.map((s) => `[${s}]`).join('');
}

/** A parameter error raised by the dialect itself (path in request notation, already snake case). */
export function paramError(
  path: string[],
  message: string,
  reason: 'VALUE__MISSING' | 'VALUE__INVALID' | 'VALUE__UNKNOWN_FIELD' = 'VALUE__INVALID',
): GatewayError {
  return new GatewayError('BAD_REQUEST', reason, message, [{ path, message, reason, code: 'VALIDATION' }], 400);
}

/** expand[] names a path the route cannot expand: Stripe's own message, param `expand`. */
export function notExpandable(message: string): GatewayError {
  return new GatewayError('BAD_REQUEST', 'EXPAND__INVALID', message, [{ path: ['expand'], message, reason: 'EXPAND__INVALID', code: 'VALIDATION' }], 400);
}

/** A missing object: 404 resource_missing; `path` is ['id'] for the URL's object. */
export function missing(kind: string, id: unknown, path: string[] = ['id']): GatewayError {
  const message = `No such ${kind}: '${typeof id === 'string' ? id : String(id)}'`;
  return new GatewayError('NOT_FOUND', 'RESOURCE__MISSING', message, [{ path, message, reason: 'RESOURCE__MISSING', code: 'NOT_FOUND' }]);
}

/** A dialect-only error (a reason of its own table) with its param. */
export function dialectError(reason: Reason, message: string, param: string | null = null): GatewayError {
  const violations: GatewayViolation[] = param === null ? [] : [{ path: [param], message, reason, code: 'BAD_REQUEST' }];
  return new GatewayError('BAD_REQUEST', reason, message, violations);
}

const parameterCode = (reason: Reason): StripeCode =>
  reason === 'VALUE__MISSING' ? 'parameter_missing' : reason === 'VALUE__UNKNOWN_FIELD' ? 'parameter_unknown' : 'parameter_invalid';

export interface StripeFamily {
  /** The doc_url of a code. */
  docUrl(code: StripeCode): string;
  /** The `param` of a core input path, in the dialect's request notation. */
  paramOf(corePath: readonly string[]): string | null;
  /** Dialect-only reasons (idempotency, versions) and their rows. */
  dialect: Partial<Record<Reason, StripeRow>>;
}

function describe(error: GatewayError, family: StripeFamily): StripeError {
  const first = error.violations[0];
  // BAD_REQUEST paths are already in request notation (schema validation, the dialect's own checks).
  const param = first ? (error.code === 'BAD_REQUEST' ? bracket(first.path) : family.paramOf(first.path)) : null;
  const dialect = family.dialect[error.reason];
  if (dialect) return { ...dialect, message: error.message, param: first?.path[0] ?? null };
  switch (error.code) {
    case 'NOT_FOUND':
      return {
        status: 404,
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: error.message,
        param: param ?? (error.reason === 'ROUTE__NOT_FOUND' ? null : 'id'),
      };
    case 'BAD_REQUEST': {
      if (error.status === 413) return { status: 413, type: 'invalid_request_error', code: 'request_too_large', message: error.message, param: null };
      if (error.status === 415) return { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', message: error.message, param: null };
      const reason = first?.reason ?? error.reason;
      const unknown = reason === 'VALUE__UNKNOWN_FIELD';
      // Stripe words an unexpandable path itself ("This property cannot be expanded (…).").
      const verbatim = reason === 'EXPAND__INVALID';
      const message =
        unknown && param ? `Received unknown parameter: ${param}` : param && first && !verbatim ? `Invalid ${param}: ${first.message}` : error.message;
      return { status: 400, type: 'invalid_request_error', code: BODY_REASONS.has(error.reason) ? 'parameter_invalid' : parameterCode(reason), message, param };
    }
    case 'VALIDATION': {
      const reason = first?.reason ?? error.reason;
      const status = VALIDATION_STATUS[kindOf(reason, 'VALIDATION')];
      // The message names fields as the client sent them (line_items[1][price]), never lineItems.1.priceId.
      return {
        status,
        type: 'invalid_request_error',
        code: status === 422 ? 'parameter_invalid' : parameterCode(reason),
        message: messageIn(error, family.paramOf),
        param,
      };
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
    case 'INTERNAL':
      return { status: 500, type: 'api_error', code: 'api_error', message: 'An internal error occurred.', param: null };
  }
}

/** The ErrorMapper of a Stripe-family dialect. */
export function stripeErrors(family: StripeFamily): ErrorMapper {
  return (error) => {
    const e = describe(error, family);
    return { status: e.status, body: { error: { type: e.type, code: e.code, message: e.message, param: e.param, doc_url: family.docUrl(e.code) } } };
  };
}
