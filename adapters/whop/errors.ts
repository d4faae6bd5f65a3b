// Whop's error body `{ error: { type, message, code? } }` and statuses (adapters/whop/README.md): one
// table by the kind of the error's reason (src/contract/errors.ts), so a new kind does not compile
// without its Whop row. An error that says its own status keeps it: the face's own refusals of a
// request (badRequest: 400 invalid_request, whatever the kind), a value it refuses
// (unprocessable: 422), the kernel's body errors (413, 415). A 409 a retry cannot fix says
// `x-should-retry: false` (the SDK retries 409s otherwise); one it can (an idempotency key still in
// progress) says true.
import { kindOf, type ErrorKind } from '../../src/contract/errors.ts';
import { GatewayError, messageIn, type ErrorMapper, type Reason } from '../kernel/errors.ts';
import { whopField } from './mappers/params.ts';

interface WhopRow {
  status: number;
  type: string;
}

/** The status and type of each kind of reason. */
const BY_KIND: Record<ErrorKind, WhopRow> = {
  // A value the core refuses; a parameter the face or the kernel refuses says its 400 itself.
  input: { status: 422, type: 'unprocessable_entity' },
  rule: { status: 422, type: 'unprocessable_entity' },
  missing: { status: 404, type: 'not_found' },
  conflict: { status: 409, type: 'conflict' },
  auth: { status: 401, type: 'unauthorized' },
  forbidden: { status: 403, type: 'forbidden' },
  limit: { status: 429, type: 'rate_limit_exceeded' },
  internal: { status: 500, type: 'internal_server_error' },
};

/** The type of a status an error states itself (any other 4xx is an invalid_request). */
const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
};

/** Whop's own reasons with a row of their own. */
const OWN: Partial<Record<Reason, WhopRow>> = {
  IDEMPOTENCY_KEY_REUSED: { status: 400, type: 'idempotency_key_reused' },
};

function rowOf(error: GatewayError): WhopRow {
  const own = OWN[error.reason];
  if (own) return own;
  const row = BY_KIND[kindOf(error.reason, error.code)];
  if (error.status === undefined || error.status === row.status) return row;
  return { status: error.status, type: BY_STATUS[error.status] ?? 'invalid_request' };
}

/** The body of a Whop error. */
export interface WhopErrorBody {
  error: { type: string; message: string; code?: string };
}

export const whopErrors: ErrorMapper = (error) => {
  const { status, type } = rowOf(error);
  // Core violations are named by their Whop field (initial_price), never the core's (initialPrice).
  const body: WhopErrorBody = { error: { type, message: messageIn(error, whopField) } };
  if (error.code !== 'INTERNAL' && error.reason && error.reason !== error.code) body.error.code = error.reason.toLowerCase();
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  // A key still in progress succeeds once its first request is done: let the SDK retry that one.
  if (status === 409) headers['x-should-retry'] = error.reason === 'IDEMPOTENCY_KEY_IN_PROGRESS' ? 'true' : 'false';
  return { status, body, headers };
};

/** A 400 for a request the route itself rejects (missing or conflicting fields). */
export const badRequest = (reason: Reason, message: string): GatewayError => new GatewayError('BAD_REQUEST', reason, message, [], 400);

/** A 422 for a value that is well-formed but not acceptable (an unknown product_id included). */
export const unprocessable = (reason: Reason, message: string, path: string[] = []): GatewayError =>
  new GatewayError('VALIDATION', reason, message, [{ path, message, reason, code: 'VALIDATION' }], 422);

export const notFound = (what: string): GatewayError => new GatewayError('NOT_FOUND', 'NOT_FOUND', `${what} not found.`);
