// Per-request plumbing of the Whop dialect: the pinned version, the caller and its scope, the
// owner check, JSON replies and idempotent POSTs.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Caller, GatewayCore } from '../../kernel/core.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { requireCaller, requireKeyScope, sendError } from '../../kernel/http.ts';
import { fingerprint, idempotent, type HandlerResponse } from '../../kernel/idempotent-run.ts';
import { badRequest, notFound, whopErrors } from '../errors.ts';
import { accountId } from '../ids.ts';
import { runOperation } from '../../kernel/execute.ts';
import { WhopAccountAliasesDocument } from '../../../src/generated/operations.ts';
import { whopVersions } from '../versions.ts';

export type Principal = NonNullable<Caller['principal']>;

const pinned = new WeakMap<FastifyRequest, string>();

/** Resolves `Api-Version-Date` for every request of the dialect (unknown -> 400). */
export function installVersioning(instance: FastifyInstance): void {
  instance.addHook('onRequest', async (request) => {
    const header = request.headers['api-version-date'];
    const value = Array.isArray(header) ? header[0] : header;
    const resolved = whopVersions.resolve(value);
    if (!resolved.ok) {
      throw badRequest('UNSUPPORTED_API_VERSION', `Unsupported Api-Version-Date "${value ?? ''}". Supported versions: ${resolved.supported.join(', ')}.`);
    }
    pinned.set(request, resolved.version);
  });
}

export const versionOf = (request: FastifyRequest): string => pinned.get(request) ?? whopVersions.defaultVersion;

/** An onRequest hook: a valid key (401) with `scope` (403). */
export function authed(core: GatewayCore, scope: string): onRequestHookHandler {
  return async (request) => {
    requireKeyScope(await requireCaller(core, request), scope);
  };
}

export async function principalOf(core: GatewayCore, request: FastifyRequest): Promise<Principal> {
  return requireCaller(core, request);
}

/**
 * A given owner (`account_id` / `company_id`) must be the caller's own organisation: its own id
 * (`biz_` + the organisation id) or one of its Whop account aliases (the client's real Whop
 * company id, recorded with addVendorAccountAlias or the CLI); anything else is 404 as before.
 */
export async function checkOwner(core: GatewayCore, request: FastifyRequest, principal: Principal, value: unknown): Promise<void> {
  if (value === undefined || value === null) return;
  if (accountId.decode(value) === principal.organisationId) return;
  if (typeof value === 'string' && value.startsWith('biz_')) {
    const result = await runOperation(core, request, WhopAccountAliasesDocument, {});
    if (result.data?.vendorAccountAliases.some((alias) => alias.accountId === value)) return;
  }
  throw notFound('Account');
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** 4xx GatewayErrors become responses (so that they are stored and replayed too). */
async function answered(work: () => Promise<HandlerResponse>): Promise<HandlerResponse> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof GatewayError) || error.code === 'INTERNAL') throw error;
    const mapped = whopErrors(error);
    if (mapped.status >= 500) throw error;
    return { status: mapped.status, body: mapped.body, headers: mapped.headers };
  }
}

/** An authenticated POST with an optional Idempotency-Key (vendors.md 3.6). */
export async function idempotentPost(core: GatewayCore, request: FastifyRequest, reply: FastifyReply, work: () => Promise<HandlerResponse>): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && (key.length === 0 || Buffer.byteLength(key) > 255)) {
    throw badRequest('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 255 bytes.');
  }
  const print = fingerprint([request.method, request.url, request.body ?? null, versionOf(request)]);
  const outcome = await idempotent(core, request, reply, { scope: 'whop', key, fingerprint: print }, () => answered(work));
  if (outcome.kind === 'mismatch') {
    return sendError(reply, whopErrors, new GatewayError('IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request (method, path, query, body or Api-Version-Date).', [], 400));
  }
  if (outcome.kind === 'in_progress') {
    // A retry can succeed once the first request is done: let the SDK retry this 409.
    const mapped = whopErrors(new GatewayError('CONFLICT', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still in progress.'));
    void reply.headers({ ...mapped.headers, 'x-should-retry': 'true' });
    return sendJson(reply, mapped.status, mapped.body);
  }
  return reply;
}
