// Idempotent POSTs for any dialect: one call wraps a handler; the dialect decides only whether
// the key is required and how to answer a mismatch or a request still in progress.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayCore } from './core.ts';

export interface HandlerResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type IdempotentOutcome =
  | { kind: 'sent' }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** A stable fingerprint of what makes two requests "the same". */
export function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function send(reply: FastifyReply, response: { status: number; headers: Record<string, string>; body: string }, replayed: boolean): void {
  void reply.status(response.status).headers(response.headers);
  if (replayed) void reply.header('idempotent-replayed', 'true');
  void reply.type(response.headers['content-type'] ?? 'application/json; charset=utf-8').send(response.body);
}

/**
 * Runs `handler` once per (caller, scope, key): the first response (2xx or 4xx) is stored and
 * replayed byte for byte with `Idempotent-Replayed: true`; a 5xx or a thrown error is not
 * stored, so the client may retry. Without a key the handler simply runs.
 */
export async function idempotent(
  core: GatewayCore,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { scope: string; key: string | undefined; fingerprint: string },
  handler: () => Promise<HandlerResponse>,
): Promise<IdempotentOutcome> {
  const caller = await core.auth(request);
  const principal = caller.principal;
  const run = async () => {
    const response = await handler();
    const stored = { status: response.status, headers: { 'content-type': 'application/json; charset=utf-8', ...(response.headers ?? {}) }, body: JSON.stringify(response.body) };
    return stored;
  };
  if (!options.key || !principal) {
    send(reply, await run(), false);
    return { kind: 'sent' };
  }
  const begun = await core.idempotency.begin(
    { organisationId: principal.organisationId, mode: principal.mode },
    options.scope,
    options.key,
    options.fingerprint,
  );
  if (begun.kind === 'replay') {
    send(reply, begun.response, true);
    return { kind: 'sent' };
  }
  if (begun.kind !== 'new') return begun;
  let stored;
  try {
    stored = await run();
  } catch (error) {
    await begun.abandon();
    throw error;
  }
  if (stored.status >= 500) await begun.abandon();
  else await begun.complete(stored);
  send(reply, stored, false);
  return { kind: 'sent' };
}
