// A dialect is declared, not assembled: one `Dialect` value names the face's prefix, its version,
// validation, idempotency and error policies, and lists its routes; the kernel's runner
// (runner.ts) turns it into Fastify routes. A route names its scope, its JSON schemas, one typed
// GraphQL document with `variables` and `pick`, and `respond`; a rare multi-step route gives
// `handle` instead. See docs/adding-a-route.md.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebhookFormat } from '../../src/webhooks/format.ts';
import type { Caller } from '../../src/contract/gateway-core.ts';
import type { ErrorMapper, GatewayError } from './errors.ts';
import type { OpenApiInfo } from './openapi.ts';
import type { ValidationOptions } from './validation.ts';
import type { VersionEngine } from './versions.ts';

export type Principal = NonNullable<Caller['principal']>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The gateway scopes a route needs (every one of them), or `public` for no key at all. */
export type RouteScope = string | readonly string[] | 'public';

/** What a route's functions receive: the validated (and version-upgraded) request. */
export interface RouteInput<TBody = unknown, TParams = Record<string, string>, TQuery = Record<string, unknown>> {
  readonly body: TBody;
  readonly params: TParams;
  readonly query: TQuery;
  /** The caller; null only on `public` routes called without a key. */
  readonly principal: Principal | null;
  /** The pinned version (the dialect's default when it has no version engine). */
  readonly version: string;
  readonly request: FastifyRequest;
}

/** What a multi-step route may do beyond reading its input: typed execution of operations. */
export interface ContextOps {
  /** The caller's principal (a handler on a `public` route reads `principal` instead). */
  readonly caller: Principal;
  /** Runs an operation; thrown GraphQL errors become a GatewayError; returns the data. */
  execute<TData, TVars extends Record<string, unknown>>(document: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<TData>;
  /**
   * Runs an operation and unwraps `pick(data)`: its userErrors become a GatewayError, a null
   * value `missing()` (default: the route's `missing`, else the dialect's).
   */
  unwrap<TData, TVars extends Record<string, unknown>, T>(
    document: TypedDocumentNode<TData, TVars>,
    variables: TVars,
    pick: (data: TData) => T,
    missing?: () => GatewayError,
  ): Promise<NonNullable<T>>;
}

/** Any route's input (interfaces as bodies or queries have no index signature). */
export type AnyInput = RouteInput<unknown, unknown, unknown>;

/** A multi-step route's context: the input plus typed execution of operations. */
export type RouteContext<TBody = unknown, TParams = Record<string, string>, TQuery = Record<string, unknown>> = RouteInput<TBody, TParams, TQuery> & ContextOps;

/** The JSON schemas and OpenAPI words of a route (validation and /docs come from them). */
export interface RouteSchema {
  summary: string;
  tags: readonly string[];
  operationId?: string;
  description?: string;
  params?: object;
  querystring?: object;
  body?: object;
  headers?: object;
  response?: Record<string, unknown>;
  /** OpenAPI security override, e.g. [] for a public route. */
  security?: unknown[];
}

interface RouteBase<TIn> {
  method: HttpMethod;
  /** Path under the dialect's prefix (and section prefix), Fastify syntax: `/plans/:id`. */
  path: string;
  scope: RouteScope;
  /** Status of a success (default 200). */
  status?: number;
  schema: RouteSchema;
  /** What the version engine's transforms receive (e.g. the resource kind). */
  versionContext?: unknown;
  /** The error when the picked object is absent (default: the dialect's `missing`). */
  missing?: (input: TIn) => GatewayError;
  /** Rewrites an error of this route before the error table (e.g. a core 404 into the face's own). */
  refine?: (error: GatewayError, input: TIn) => GatewayError;
  /** Idempotent under the dialect's policy (default: every POST when the dialect has a policy). */
  idempotent?: boolean;
  /** Parses the query string instead of Fastify (e.g. bracket notation `types[]=a`), before validation. */
  queryParser?: (search: string) => Record<string, unknown>;
}

/** A route of one operation: variables in, payload picked, body out. */
export interface OperationRoute<TIn extends AnyInput, TData, TVars, TPayload> extends RouteBase<TIn> {
  document: TypedDocumentNode<TData, TVars>;
  variables: (input: TIn) => TVars;
  /** The value of the data to answer from; userErrors on it are refused, null is `missing`. */
  pick: (data: TData) => TPayload;
  /** The response body at the latest version (downgraded by the runner). */
  respond: (payload: NonNullable<TPayload>, input: TIn) => unknown;
  handle?: never;
}

/** A route of several steps (aim for none: move the steps into one operation instead). */
// biome-ignore lint/suspicious/noExplicitAny: any input types; the handler's annotation decides them
export interface HandlerRoute<TCtx extends RouteContext<any, any, any>> extends RouteBase<Omit<TCtx, keyof ContextOps>> {
  /** Returns the response body at the latest version. */
  handle: (ctx: TCtx) => Promise<unknown>;
  document?: never;
}

// biome-ignore lint/suspicious/noExplicitAny: a route list holds routes of every input and document type
export type AnyRoute = OperationRoute<any, any, any, any> | HandlerRoute<any>;

/** Declares a route; the types of `variables`, `pick` and `respond` follow from the document. */
export function route<TIn extends AnyInput, TData, TVars, TPayload>(spec: OperationRoute<TIn, TData, TVars, TPayload>): AnyRoute;
// biome-ignore lint/suspicious/noExplicitAny: see HandlerRoute
export function route<TCtx extends RouteContext<any, any, any>>(spec: HandlerRoute<TCtx>): AnyRoute;
export function route(spec: AnyRoute): AnyRoute {
  return spec;
}

/** How a dialect pins a version per request. */
export interface VersionPolicy {
  /** The request header, lower case (e.g. `x-api-version`). */
  header: string;
  // biome-ignore lint/suspicious/noExplicitAny: each dialect's engine has its own body and context types
  engine: VersionEngine<any, any>;
  /** The error for a version the engine does not know. */
  unsupported: (value: string, supported: readonly string[]) => GatewayError;
}

/** How a dialect answers retried writes (stored in the gateway's one idempotency store). */
export interface IdempotencyPolicy {
  /** The request header, lower case (e.g. `idempotency-key`). */
  header: string;
  /** The store's scope for this dialect's keys (keys never collide across dialects). */
  scope: string;
  /** A POST without the header is refused (true) or simply runs (false). */
  required: boolean;
  /** Which first answers are stored and replayed: successes only, or refusals (4xx) as well. */
  stores: 'success' | 'success-and-refusals';
  /** Longest key, in bytes. */
  maxBytes: number;
  errors: {
    missing: () => GatewayError;
    invalid: () => GatewayError;
    /** The key was first used with another request. */
    reused: (key: string) => GatewayError;
    /** The key's first request is still running. */
    inProgress: (key: string) => GatewayError;
  };
}

/** A dialect's error table, made once per gateway (some bodies link to the gateway's own URL). */
export type ErrorTable = (publicUrl: string) => ErrorMapper;

/** A group of routes under a sub-prefix with its own error table (e.g. Fynn's V2 under /api). */
export interface DialectSection {
  prefix: string;
  errors: ErrorTable;
  routes: readonly AnyRoute[];
}

export interface Dialect {
  /** Display name (/docs spec list, start-up URLs). */
  name: string;
  /** Where the dialect is mounted, e.g. `/fynn`. */
  prefix: string;
  openapi: OpenApiInfo & {
    /** The OpenAPI server URL is `publicUrl + prefix` (paths without it) instead of `publicUrl`. */
    serverAtPrefix?: boolean;
  };
  /** One Ajv policy for bodies, params and query strings. */
  validation: ValidationOptions;
  /** Content-type parsers beyond Fastify's JSON (forms, JSON-LD, ...). */
  bodies?: (instance: FastifyInstance) => void;
  versions?: VersionPolicy;
  idempotency?: IdempotencyPolicy;
  /** The error table of the dialect (and of its unknown routes). */
  errors: ErrorTable;
  /** The error when a route's picked object is absent and the route names none. */
  missing: () => GatewayError;
  /**
   * How bodies are written: through the route's response schema (`schema`, fast and filtered)
   * or as plain JSON.stringify (`json`, every property as mapped).
   */
  responses: 'schema' | 'json';
  routes: readonly AnyRoute[];
  sections?: readonly DialectSection[];
  /** The face's webhook bodies and signatures, for the core's delivery worker. */
  webhookFormat?: WebhookFormat;
}
