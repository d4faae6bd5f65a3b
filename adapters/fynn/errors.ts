// The two Fynn error shapes: V2 (application/problem+json, ProblemError / ValidationError) and
// classic (API Platform: hydra:Error / ConstraintViolationList). Both map the gateway's one error
// model; `render` turns a violation path into the property path the client sent (mappers/property-path.ts).
import { isBareReason, kindOf, type ErrorKind, type Reason } from '../../src/contract/errors.ts';
import { type ErrorMapper, type GatewayError, type GatewayViolation, messageIn } from '../kernel/errors.ts';

const STATUS: Record<GatewayError['code'], number> = {
  NOT_FOUND: 404,
  VALIDATION: 422,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  IDEMPOTENCY_CONFLICT: 409,
  BAD_REQUEST: 400,
  INTERNAL: 500,
};

/** SCREAMING_SNAKE `ENTITY__REASON` keys for errors whose reason is only a code. */
const DEFAULT_TYPE: Record<GatewayError['code'], string> = {
  NOT_FOUND: 'RESOURCE__NOT_FOUND',
  VALIDATION: 'REQUEST__INVALID',
  CONFLICT: 'RESOURCE__CONFLICT',
  UNAUTHENTICATED: 'AUTHENTICATION__FAILED',
  FORBIDDEN: 'PERMISSION__DENIED',
  RATE_LIMITED: 'REQUEST__RATE_LIMITED',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY__CONFLICT',
  BAD_REQUEST: 'REQUEST__INVALID',
  INTERNAL: 'SERVER__ERROR',
};

const errorKey = (error: GatewayError): string => (isBareReason(error.reason) ? DEFAULT_TYPE[error.code] : error.reason);

/** A reference to the resource of the path (`id`) or to nothing in particular. */
const isPathResource = (v: GatewayViolation): boolean => v.path.length === 0 || (v.path.length === 1 && v.path[0] === 'id');

/** Which kinds of reason name a request field (a violation list) rather than a broken rule (a ProblemError). */
const FIELD_KIND: Record<ErrorKind, boolean> = {
  input: true,
  missing: false,
  limit: false,
  rule: false,
  conflict: false,
  auth: false,
  forbidden: false,
  internal: false,
};

/** Input reasons about the request as a whole (totals, line sources) that Fynn answers as a ProblemError. */
const PROBLEM_INPUTS: ReadonlySet<Reason> = new Set<Reason>([
  'AMOUNT__TOO_LARGE',
  'CURRENCY__UNKNOWN',
  'QUANTITY__NOT_EDITABLE',
  'LINE_ITEM__PRICE_CONFLICT',
  'LINE_ITEM__PRICE_MISSING',
  'LINE_ITEM__PRODUCT_MISSING',
]);

/** A violation that names a request field: a malformed value, or a reference that does not exist. */
const isFieldViolation = (v: GatewayViolation): boolean =>
  !isPathResource(v) && (v.code === 'NOT_FOUND' || v.code === 'BAD_REQUEST' || (FIELD_KIND[kindOf(v.reason, v.code)] && !PROBLEM_INPUTS.has(v.reason)));

/**
 * Whether an error is answered as a list of field violations (422): schema failures, malformed
 * fields, and unknown references in the body (e.g. an unknown salesChannel). An unknown object
 * of the path stays a 404, a broken business rule a ProblemError.
 */
export function isViolationList(error: GatewayError): boolean {
  if (error.violations.length === 0) return false;
  if (error.code === 'BAD_REQUEST') return true;
  if (error.code !== 'VALIDATION' && error.code !== 'NOT_FOUND') return false;
  return error.violations.every(isFieldViolation);
}

export interface FynnViolation {
  propertyPath: string;
  message: string;
  code: string | null;
}

/** The violations of an error, each with the client's property path (from `render`). */
export function violationsOf(error: GatewayError, render: (path: string[]) => string): FynnViolation[] {
  return error.violations.map((v) => ({ propertyPath: render(v.path), message: v.message, code: v.reason }));
}

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8' };

/** V2: problem+json. `render` maps a violation path to the client's property path. */
export function v2ErrorMapper(render: (path: string[]) => string): ErrorMapper {
  return (error) => {
    if (isViolationList(error)) {
      return {
        status: 422,
        headers: PROBLEM,
        body: { status: 422, type: 'https://tools.ietf.org/html/rfc2616#section-10', title: 'Validation Failed', violations: violationsOf(error, render) },
      };
    }
    const status = error.status ?? STATUS[error.code];
    const detail = status === 500 ? 'Internal server error.' : messageIn(error, render);
    return { status, headers: PROBLEM, body: { status, type: errorKey(error), title: 'An error occurred', detail } };
  };
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** Classic: API Platform's hydra:Error and ConstraintViolationList. */
export function classicErrorMapper(render: (path: string[]) => string): ErrorMapper {
  return (error) => {
    if (isViolationList(error)) {
      const violations = violationsOf(error, render);
      return {
        status: 422,
        headers: JSON_TYPE,
        body: {
          '@type': 'ConstraintViolationList',
          'hydra:title': 'An error occurred',
          'hydra:description': violations.map((v) => (v.propertyPath ? `${v.propertyPath}: ${v.message}` : v.message)).join('\n'),
          violations,
          status: 422,
        },
      };
    }
    const status = error.status ?? STATUS[error.code];
    const description = status === 500 ? 'Internal server error.' : messageIn(error, render);
    return { status, headers: JSON_TYPE, body: { '@type': 'hydra:Error', 'hydra:title': 'An error occurred', 'hydra:description': description, status } };
  };
}
