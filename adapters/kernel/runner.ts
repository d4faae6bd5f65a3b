// The one REST pipeline: a declared Dialect becomes a Fastify plugin. Per request, in order:
//   before the body is read (onRequest): credentials (401) and the route's scopes (403), the
//     version pin (the dialect's 400), the idempotency key's presence and form;
//   body parsing and validation (one Ajv policy per dialect, compiled once per schema);
//   the version upgrade of body and query, the idempotency begin (replay, reused, in progress);
//   execution of the route's typed document, typed unwrap (userErrors kept, internal causes
//   logged), `respond`, the version downgrade, the stored answer;
//   every refusal through the dialect's (or section's) error table.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { GatewayCore, StoredResponseLike } from '../../src/contract/gateway-core.ts';
import type { AnyRoute, Dialect, Principal, RouteContext, RouteInput } from './dialect.ts';
import { type ErrorMapper, GatewayError, unwrap } from './errors.ts';
import { runOperation } from './execute.ts';
import { installErrorHandling, requireCaller, requireKeyScope } from './http.ts';
import { beginIdempotent, type HeldKey, idempotencyKeyOf, sendStored } from './idempotency-step.ts';
import { registerOpenApi } from './openapi.ts';
import { replyParts } from './reply.ts';
import { installValidation } from './validation.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** What the onRequest step learnt, for the handler. */
interface Gate {
  principal: Principal | null;
  version: string;
  key: string | undefined;
}

/** The gate rides on the request (declared per dialect): cheaper than a WeakMap entry per request. */
const GATE = Symbol('gate');
type Gated = FastifyRequest & { [GATE]?: Gate | null };

/** The dialect as a Fastify plugin, to be registered under `dialect.prefix`. */
export function dialectPlugin(core: GatewayCore, dialect: Dialect): FastifyPluginAsync {
  return async (instance) => {
    instance.decorateRequest(GATE, null);
    const errors = dialect.errors(core.publicUrl);
    installErrorHandling(instance, errors);
    const server = dialect.openapi.serverAtPrefix ? `${core.publicUrl}${dialect.prefix}` : core.publicUrl;
    await registerOpenApi(instance, dialect.openapi, server);
    installValidation(instance, dialect.validation);
    dialect.bodies?.(instance);
    for (const r of dialect.routes) addRoute(instance, core, dialect, r, errors);
    for (const section of dialect.sections ?? []) {
      const sectionErrors = section.errors(core.publicUrl);
      await instance.register(
        async (sub) => {
          installErrorHandling(sub, sectionErrors, section.prefix !== '');
          for (const r of section.routes) addRoute(sub, core, dialect, r, sectionErrors);
        },
        { prefix: section.prefix },
      );
    }
  };
}

const scopesOf = (r: AnyRoute): readonly string[] | null => (r.scope === 'public' ? null : typeof r.scope === 'string' ? [r.scope] : r.scope);

function addRoute(instance: FastifyInstance, core: GatewayCore, dialect: Dialect, r: AnyRoute, errors: ErrorMapper): void {
  const scopes = scopesOf(r);
  const versions = dialect.versions;
  const policy = dialect.idempotency && (r.idempotent ?? r.method === 'POST') ? dialect.idempotency : undefined;
  const defaultVersion = versions?.engine.defaultVersion ?? dialect.openapi.version;
  const status = r.status ?? 200;
  const asJson = dialect.responses === 'json';
  const versionContext = r.versionContext;
  const missing = r.missing;
  const dialectMissing = dialect.missing;

  const onRequest = async (request: FastifyRequest): Promise<void> => {
    let principal: Principal | null;
    if (scopes) {
      principal = await requireCaller(core, request);
      for (const scope of scopes) requireKeyScope(principal, scope);
    } else {
      // A public route serves anyone; a valid key may see more (the route decides).
      principal = (await core.auth(request)).principal;
    }
    let version = defaultVersion;
    if (versions) {
      const header = request.headers[versions.header];
      const value = Array.isArray(header) ? header[0] : header;
      const resolved = versions.engine.resolve(value);
      if (!resolved.ok) throw versions.unsupported(value ?? '', resolved.supported);
      version = resolved.version;
    }
    const key = policy ? idempotencyKeyOf(request, policy) : undefined;
    (request as Gated)[GATE] = { principal, version, key };
  };

  const upgrade = (version: string, value: unknown): unknown =>
    versions && versionContext !== undefined && value && typeof value === 'object' ? versions.engine.upgradeRequest(version, value, versionContext) : value;

  const execute = async (input: RouteInput): Promise<unknown> => {
    if (r.handle) return r.handle(new HandlerContext(core, input, r, dialectMissing));
    const result = await runOperation(core, input.request, r.document, r.variables(input));
    const payload = unwrap(result, r.pick, missing ? () => missing(input) : dialectMissing);
    return r.respond(payload, input);
  };

  /** The route's body at the pinned version, and the headers it sets (see reply.ts). */
  const run = async (input: RouteInput): Promise<{ body: unknown; headers: Record<string, string> }> => {
    const { body, headers } = replyParts(await execute(input));
    return { body: versions && versionContext !== undefined ? versions.engine.downgradeResponse(input.version, body, versionContext) : body, headers };
  };

  const refined = (thrown: unknown, input: RouteInput): unknown => (thrown instanceof GatewayError && r.refine ? r.refine(thrown, input) : thrown);

  const send = (reply: FastifyReply, { body, headers }: { body: unknown; headers: Record<string, string> }): FastifyReply => {
    reply.headers(headers);
    return asJson ? reply.status(status).type(JSON_TYPE).send(JSON.stringify(body)) : reply.status(status).send(body);
  };

  const serialize = (reply: FastifyReply, body: unknown): string => (asJson ? JSON.stringify(body) : String(reply.status(status).serialize(body)));

  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const gate = (request as Gated)[GATE] ?? { principal: null, version: defaultVersion, key: undefined };
    const input: RouteInput = {
      body: upgrade(gate.version, request.body),
      params: request.params as Record<string, string>,
      query: upgrade(gate.version, request.query) as Record<string, unknown>,
      principal: gate.principal,
      version: gate.version,
      request,
    };
    let held: HeldKey | null = null;
    if (policy && gate.key !== undefined && gate.principal) {
      held = await beginIdempotent(core, request, reply, policy, gate.principal, gate.key, gate.version);
      if (!held) return reply; // replayed
    }
    if (!held) {
      let answer: { body: unknown; headers: Record<string, string> };
      try {
        answer = await run(input);
      } catch (thrown) {
        throw refined(thrown, input);
      }
      return send(reply, answer);
    }
    // The request's writes and its stored answer commit in one transaction.
    const key = held;
    let stored: StoredResponseLike;
    try {
      stored = await core.atomic(request, async (tx) => {
        let answer: StoredResponseLike;
        try {
          const ran = await run(input);
          answer = { status, headers: { ...ran.headers, 'content-type': JSON_TYPE }, body: serialize(reply, ran.body) };
        } catch (thrown) {
          const refusal = policy?.stores === 'success-and-refusals' ? storedRefusal(errors, refined(thrown, input)) : null;
          if (!refusal) throw thrown;
          answer = refusal;
        }
        await key.finish(tx as never, answer);
        return answer;
      });
    } catch (thrown) {
      await key.abandon();
      throw refined(thrown, input);
    }
    return sendStored(reply, stored, false);
  };

  const onQuery = r.queryParser;
  const preValidation = onQuery
    ? async (request: FastifyRequest): Promise<void> => {
        const at = request.url.indexOf('?');
        (request as { query: unknown }).query = onQuery(at < 0 ? '' : request.url.slice(at + 1));
      }
    : undefined;

  instance.route({ method: r.method, url: r.path, schema: r.schema as FastifySchema, onRequest, ...(preValidation ? { preValidation } : {}), handler });
}

/** A refusal the policy stores (4xx in the dialect's shape), or null for one it does not. */
function storedRefusal(errors: ErrorMapper, error: unknown) {
  if (!(error instanceof GatewayError) || error.code === 'INTERNAL') return null;
  const mapped = errors(error);
  if (mapped.status >= 500) return null;
  return { status: mapped.status, headers: { 'content-type': JSON_TYPE, ...(mapped.headers ?? {}) }, body: JSON.stringify(mapped.body) };
}

/**
 * A multi-step route's context: the input, the caller and typed execution. A class, so that the
 * methods are shared and each request makes one small object (it was an object literal with a
 * getter and three closures per request).
 */
class HandlerContext implements RouteContext {
  readonly body: unknown;
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly principal: Principal | null;
  readonly version: string;
  readonly request: FastifyRequest;
  readonly #core: GatewayCore;
  readonly #input: RouteInput;
  readonly #route: AnyRoute;
  readonly #dialectMissing: () => GatewayError;

  constructor(core: GatewayCore, input: RouteInput, route: AnyRoute, dialectMissing: () => GatewayError) {
    this.body = input.body;
    this.params = input.params;
    this.query = input.query;
    this.principal = input.principal;
    this.version = input.version;
    this.request = input.request;
    this.#core = core;
    this.#input = input;
    this.#route = route;
    this.#dialectMissing = dialectMissing;
  }

  get caller(): Principal {
    if (!this.principal) throw new GatewayError('UNAUTHENTICATED', 'UNAUTHENTICATED', 'No API key provided.');
    return this.principal;
  }

  async execute<TData, TVars extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<TData> {
    const result = await runOperation(this.#core, this.request, document, variables);
    return unwrap(
      result,
      (data) => data,
      () => new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.', [], undefined, new Error('the operation returned no value')),
    );
  }

  async unwrap<TData, TVars extends Record<string, unknown>, T>(
    document: TypedDocumentNode<TData, TVars>,
    variables: TVars,
    pick: (data: TData) => T,
    whenMissing?: () => GatewayError,
  ): Promise<NonNullable<T>> {
    const routeMissing = this.#route.missing;
    const missing = whenMissing ?? (routeMissing ? () => routeMissing(this.#input) : this.#dialectMissing);
    return unwrap(await runOperation(this.#core, this.request, document, variables), pick, missing);
  }
}
