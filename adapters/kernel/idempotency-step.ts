// The runner's idempotency step: a dialect's policy (header, required or not, which answers are
// stored) over the gateway's one store (src/http/idempotency.ts, reached through GatewayCore).
// The runner runs a keyed request in core.atomic, so its writes and its stored answer commit
// together.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayCore, StoredResponseLike } from '../../src/contract/gateway-core.ts';
import type { IdempotencyPolicy, Principal } from './dialect.ts';

/** A stable fingerprint of what makes two requests "the same". */
export function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The request's key under the policy: undefined when absent and optional; the policy's
 * `missing` when absent (or blank) and required; `invalid` when blank or longer than allowed.
 * Checked before the body is read.
 */
export function idempotencyKeyOf(request: FastifyRequest, policy: IdempotencyPolicy): string | undefined {
  const header = request.headers[policy.header];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) {
    if (policy.required) throw policy.errors.missing();
    return undefined;
  }
  if (key.trim() === '') throw policy.required ? policy.errors.missing() : policy.errors.invalid();
  if (Buffer.byteLength(key) > policy.maxBytes) throw policy.errors.invalid();
  return key;
}

/** A held key: store the first answer with the request's writes, or drop it so a retry runs again. */
export interface HeldKey {
  /** Stores the answer within `tx`, the transaction of the request's writes (core.atomic). */
  finish(tx: never, response: StoredResponseLike): Promise<void>;
  abandon(): Promise<void>;
}

/**
 * Begins the key's request: a HeldKey for a first request, or null once a stored answer has
 * been replayed (byte for byte, `Idempotent-Replayed: true`). Another request under the key
 * is the policy's `reused`; a request still running `inProgress`.
 */
export async function beginIdempotent(
  core: GatewayCore,
  request: FastifyRequest,
  reply: FastifyReply,
  policy: IdempotencyPolicy,
  principal: Principal,
  key: string,
  version: string,
): Promise<HeldKey | null> {
  const print = fingerprint([request.method, request.url, request.body ?? null, version]);
  // The caller's scopes join the fingerprint: a replay answers only a caller with the same scopes.
  const owner = { organisationId: principal.organisationId, mode: principal.mode, scopes: principal.scopes };
  const begun = await core.idempotency.begin(owner, policy.scope, key, print);
  switch (begun.kind) {
    case 'new':
      return begun;
    case 'replay':
      sendStored(reply, begun.response, true);
      return null;
    case 'mismatch':
      throw policy.errors.reused(key);
    default:
      throw policy.errors.inProgress(key);
  }
}

export function sendStored(reply: FastifyReply, response: StoredResponseLike, replayed: boolean): FastifyReply {
  void reply.status(response.status).headers(response.headers);
  if (replayed) void reply.header('idempotent-replayed', 'true');
  return reply.type(response.headers['content-type'] ?? 'application/json; charset=utf-8').send(response.body);
}
