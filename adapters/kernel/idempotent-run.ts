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

/** A 5xx answer: sent, not stored, its transaction rolled back. */
class NotStored extends Error {
  readonly response: { status: number; headers: Record<string, string>; body: string };
  constructor(response: NotStored['response']) {
    super('not stored');
    this.response = response;
  }
}

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
    { organisationId: principal.organisationId, mode: principal.mode, scopes: principal.scopes },
    options.scope,
    options.key,
    options.fingerprint,
  );
  if (begun.kind === 'replay') {
    send(reply, begun.response, true);
    return { kind: 'sent' };
  }
  if (begun.kind !== 'new') return begun;
  // The handler's writes and the stored answer commit in one transaction (a 5xx rolls back).
  let stored;
  try {
    stored = await core.atomic(request, async (tx) => {
      const response = await run();
      if (response.status >= 500) throw new NotStored(response);
      await begun.finish(tx as never, response);
      return response;
    });
  } catch (error) {
    await begun.abandon();
    if (!(error instanceof NotStored)) throw error;
    stored = error.response;
  }
  send(reply, stored, false);
  return { kind: 'sent' };
}
