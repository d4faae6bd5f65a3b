// The error-mapping skeleton every dialect shares: GraphQL results (thrown errors with
// extensions.code, or typed userErrors on a payload) become one normalised GatewayError; a
// dialect supplies only its table from that error to its own status and body.
import type { GraphQLError } from 'graphql';
import { isErrorCode, type ErrorCode, type Reason, type Violation } from '../../src/contract/errors.ts';

export type { ErrorKind, Reason } from '../../src/contract/errors.ts';

/** A violation as a face reports it: path in the GraphQL input (without the leading "input"). */
export type GatewayViolation = Violation;

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly reason: Reason;
  readonly violations: GatewayViolation[];
  /**
   * An HTTP status a dialect may prefer to its table's (e.g. 413 for a too large body); a request
   * refused before the core ran (BAD_REQUEST) states its 400.
   */
  readonly status?: number;

  constructor(code: ErrorCode, reason: Reason, message: string, violations: GatewayViolation[] = [], status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'GatewayError';
    this.code = code;
    this.reason = reason;
    this.violations = violations;
    this.status = status;
  }
}

interface UserErrorLike {
  code: string;
  reason: string;
  message: string;
  path: readonly string[];
}

const asCode = (code: unknown): ErrorCode => (isErrorCode(code) ? code : 'INTERNAL');
/** A reason read back from a GraphQL result: the core raises catalogued reasons only (DomainError's type). */
const asReason = (reason: string): Reason => reason as Reason;
const stripInput = (path: readonly string[]): string[] => (path[0] === 'input' ? path.slice(1) : [...path]);

/** The GatewayError of a payload's userErrors (null when there are none). */
export function fromUserErrors(userErrors: readonly UserErrorLike[] | null | undefined): GatewayError | null {
  if (!userErrors || userErrors.length === 0) return null;
  const violations = userErrors.map((e) => ({ path: stripInput(e.path), message: e.message, reason: asReason(e.reason), code: asCode(e.code) }));
  const first = violations[0] as GatewayViolation;
  // One NOT_FOUND or CONFLICT decides the error; otherwise it is a validation failure.
  const decisive = violations.find((v) => v.code === 'NOT_FOUND' || v.code === 'CONFLICT') ?? first;
  const message = violations.map((v) => (v.path.length ? `${v.path.join('.')}: ${v.message}` : v.message)).join('; ');
  return new GatewayError(decisive.code, decisive.reason, decisive.code === 'VALIDATION' ? message : decisive.message, violations);
}

const TOO_MANY_VARIABLE_ERRORS = /^Too many errors processing variables/;

/** ".tiers[0].position" -> ['tiers', '0', 'position'] (graphql-js prints input paths so). */
const pathSegments = (printed: string): string[] => [...printed.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[1] ?? m[2]) as string);

/**
 * A violation of a variable that GraphQL's input coercion refused (e.g. `Int cannot represent
 * non 32-bit signed integer value`), with the variable path (without "input"); null for any
 * other error. graphql-js words these `Variable "$input" got invalid value <value> at
 * "input.tiers[0].position"; <problem>`, with the problem as originalError. They are the
 * client's bad values, never a server failure.
 */
export function variableViolation(error: GraphQLError): GatewayViolation | null {
  if (error.path !== undefined) return null;
  const head = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" /.exec(error.message);
  if (!head) return null;
  const name = head[1] as string;
  const rest = error.message.slice(head[0].length);
  if (/^of (?:required|non-null) type /.test(rest)) {
    return { path: stripInput([name]), message: 'This value is required.', reason: 'VALUE__MISSING', code: 'VALIDATION' };
  }
  if (!rest.startsWith('got invalid value ')) return null;
  const problem = error.originalError?.message;
  if (!problem || !rest.endsWith(`; ${problem}`)) return { path: stripInput([name]), message: error.message, reason: 'VALUE__INVALID', code: 'VALIDATION' };
  const at = / at "([^"]*)"$/.exec(rest.slice(0, -(problem.length + 2)))?.[1];
  const path = at?.startsWith(name) ? [name, ...pathSegments(at.slice(name.length))] : [name];
  return { path: stripInput(path), message: problem, reason: 'VALUE__INVALID', code: 'VALIDATION' };
}

/** Refused variables (GraphQL's BAD_USER_INPUT) as one VALIDATION error; null when `errors` are others. */
function fromVariableErrors(errors: readonly GraphQLError[]): GatewayError | null {
  const violations = errors.map(variableViolation).filter((v): v is GatewayViolation => v !== null);
  const first = violations[0];
  if (first) {
    const message = violations.map((v) => (v.path.length ? `${v.path.join('.')}: ${v.message}` : v.message)).join('; ');
    return new GatewayError('VALIDATION', first.reason, message, violations);
  }
  if (errors.some((e) => TOO_MANY_VARIABLE_ERRORS.test(e.message) && e.path === undefined)) {
    return new GatewayError('BAD_REQUEST', 'VALUE__INVALID', 'Too many invalid values.', [], 400);
  }
  return null;
}

/** The GatewayError of thrown GraphQL errors (null when there are none). */
export function fromGraphQLErrors(errors: readonly GraphQLError[]): GatewayError | null {
  const error = errors[0];
  if (!error) return null;
  const refused = fromVariableErrors(errors);
  if (refused) return refused;
  const ext = error.extensions ?? {};
  // Apollo's client-error codes (an operation run through Apollo, or a GraphQLError carrying them).
  if (ext.code === 'BAD_USER_INPUT') return new GatewayError('VALIDATION', 'VALUE__INVALID', error.message);
  if (ext.code === 'GRAPHQL_VALIDATION_FAILED' || ext.code === 'GRAPHQL_PARSE_FAILED')
    return new GatewayError('BAD_REQUEST', 'BAD_REQUEST', error.message, [], 400);
  const code = asCode(ext.code);
  const violations = Array.isArray(ext.violations) ? (ext.violations as GatewayViolation[]) : [];
  // The cause (the resolver's exception) goes to the log, never to the client.
  if (code === 'INTERNAL') return new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, error.originalError ?? error);
  return new GatewayError(code, typeof ext.reason === 'string' ? asReason(ext.reason) : code, error.message, violations);
}

/**
 * The error's message in a face's own notation: when it is the core's join of its violations
 * (`lineItems.1.priceId: …; …`, see fromUserErrors), each violation is prefixed with `render`'s
 * name for its path instead (no prefix when `render` has none); any other message is kept.
 */
export function messageIn(error: GatewayError, render: (path: string[]) => string | null): string {
  const joined = (name: (v: GatewayViolation) => string | null) =>
    error.violations
      .map((v) => {
        const n = name(v);
        return n ? `${n}: ${v.message}` : v.message;
      })
      .join('; ');
  if (error.violations.length === 0 || error.message !== joined((v) => (v.path.length ? v.path.join('.') : null))) return error.message;
  return joined((v) => (v.path.length ? render(v.path) : null));
}

/** A value of the data that is absent: the face's "not found". */
export const notFoundError = (): GatewayError => new GatewayError('NOT_FOUND', 'NOT_FOUND', 'Not found.');

/**
 * Unwraps an operation's result, typed from its document: thrown GraphQL errors and the picked
 * payload's userErrors become a GatewayError (user errors kept with their paths and reasons, an
 * internal error with its cause); an absent value is `missing()`.
 */
export function unwrap<TData, T>(
  result: { data: TData | null; errors: readonly GraphQLError[] },
  pick: (data: TData) => T,
  missing: () => GatewayError = notFoundError,
): NonNullable<T> {
  const thrown = fromGraphQLErrors(result.errors);
  if (thrown) throw thrown;
  if (result.data === null)
    throw new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, new Error('an operation returned neither data nor errors'));
  const value = pick(result.data);
  if (value && typeof value === 'object' && 'userErrors' in value) {
    const userError = fromUserErrors((value as { userErrors: UserErrorLike[] }).userErrors);
    if (userError) throw userError;
  }
  if (value === null || value === undefined) throw missing();
  return value as NonNullable<T>;
}

/** A mutation payload's object, which is there whenever the payload has no userErrors. */
export function returned<T>(value: T | null | undefined, what = 'object'): T {
  if (value === null || value === undefined) {
    throw new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, new Error(`the mutation returned no ${what}`));
  }
  return value;
}

/** A dialect's table: from the normalised error to its HTTP status and body. */
export type ErrorMapper = (error: GatewayError) => { status: number; body: unknown; headers?: Record<string, string> };
