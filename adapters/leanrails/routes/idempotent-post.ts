// Every LeanRails POST is idempotent (decisions.md): the key is required (max 255), stored per
// organisation and mode for 24 h in the shared store; a replay answers the stored status and
// body with Idempotent-Replayed: true; another body under the key is 422; a key still running
// is 409.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayCore } from '../../kernel/core.ts';
import { fingerprint, idempotent, type HandlerResponse } from '../../kernel/idempotent-run.ts';
import { leanError } from '../errors.ts';
import { versionOf } from '../versions.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The request's key, or a parameter_missing / parameter_invalid error. */
export function idempotencyKey(request: FastifyRequest): string {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key.trim() === '') {
    throw leanError('LEANRAILS__IDEMPOTENCY_KEY_MISSING', 'An Idempotency-Key header is required on every POST request.', IDEMPOTENCY_HEADER);
  }
  if (key.length > 255) throw leanError('LEANRAILS__IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be at most 255 characters.', IDEMPOTENCY_HEADER);
  return key;
}

/** Runs a POST handler under the request's idempotency key. */
export async function idempotentPost(core: GatewayCore, request: FastifyRequest, reply: FastifyReply, handler: () => Promise<HandlerResponse>): Promise<FastifyReply> {
  const key = idempotencyKey(request);
  const path = request.url.split('?')[0];
  const print = fingerprint([request.method, path, request.body ?? null, versionOf(request)]);
  const outcome = await idempotent(core, request, reply, { scope: 'leanrails', key, fingerprint: print }, handler);
  if (outcome.kind === 'mismatch') {
    throw leanError('LEANRAILS__IDEMPOTENCY_KEY_REUSED', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
  }
  if (outcome.kind === 'in_progress') {
    throw leanError('LEANRAILS__IDEMPOTENCY_KEY_IN_USE', `There is currently another in-progress request using this Idempotency-Key ('${key}'). Retry after it has completed.`);
  }
  return reply;
}
