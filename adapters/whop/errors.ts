// Whop's error body `{ error: { type, message, code? } }` and statuses (adapters/whop/README.md): one
// table from the gateway's error model. A 409 a retry cannot fix says `x-should-retry: false`
// (the SDK retries 409s otherwise); one it can (an idempotency key still in progress) says true.
import { GatewayError, messageIn, type ErrorMapper, type GatewayErrorCode, type Reason } from '../kernel/errors.ts';
import { whopField } from './mappers/params.ts';

const TABLE: Record<GatewayErrorCode, { status: number; type: string }> = {
  BAD_REQUEST: { status: 400, type: 'invalid_request' },
  IDEMPOTENCY_CONFLICT: { status: 400, type: 'idempotency_key_reused' },
  UNAUTHENTICATED: { status: 401, type: 'unauthorized' },
  FORBIDDEN: { status: 403, type: 'forbidden' },
  NOT_FOUND: { status: 404, type: 'not_found' },
  CONFLICT: { status: 409, type: 'conflict' },
  VALIDATION: { status: 422, type: 'unprocessable_entity' },
  RATE_LIMITED: { status: 429, type: 'rate_limit_exceeded' },
  INTERNAL: { status: 500, type: 'internal_server_error' },
};

/** The body of a Whop error. */
export interface WhopErrorBody {
  error: { type: string; message: string; code?: string };
}

export const whopErrors: ErrorMapper = (error) => {
  const row = TABLE[error.code];
  const status = error.status ?? row.status;
  const type = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : row.type;
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

/** A 422 for a value that is well-formed but not acceptable. */
export const unprocessable = (reason: Reason, message: string, path: string[] = []): GatewayError =>
  new GatewayError('VALIDATION', reason, message, [{ path, message, reason, code: 'VALIDATION' }]);

export const notFound = (what: string): GatewayError => new GatewayError('NOT_FOUND', 'NOT_FOUND', `${what} not found.`);
