// The port between the gateway and its faces (src/http/app.ts implements it, adapters/kernel uses it):
// what a dialect receives from the gateway: the executable schema and, per request, the
// GraphQL context and the caller. Dialects never touch the ORM or the domain directly.
import type { FastifyRequest } from 'fastify';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';

export interface Caller {
  status: 'none' | 'valid' | 'invalid';
  operator: boolean;
  principal: { organisationId: string; mode: 'test' | 'live'; scopes: ReadonlySet<string>; apiKeyId: string } | null;
}

export interface GatewayCore {
  schema: GraphQLSchema;
  /** Base of every public URL (no trailing slash). */
  publicUrl: string;
  /** The GraphQL context of a request (opaque to adapters). */
  context(request: FastifyRequest): Promise<unknown>;
  /**
   * Throws (a GraphQLError) when an operation must not run at all for this context: a mutation
   * whose answer reaches types the key may not read is refused before it writes anything.
   */
  refuseBeforeRun(document: DocumentNode, context: unknown): void;
  /**
   * Executes an operation of a validated document against `schema` in-process, as /graphql does
   * (queries compiled once per document; see src/graphql/compiled-execution.ts).
   */
  execute(document: DocumentNode, variables: Readonly<Record<string, unknown>>, context: unknown): Promise<ExecutionResult> | ExecutionResult;
  /** The caller of a request: none, a valid key (principal) or an invalid credential. */
  auth(request: FastifyRequest): Promise<Caller>;
  /** The shared idempotency store (one table for every face). */
  idempotency: IdempotencyStoreLike;
  /**
   * Runs `work` in one database transaction that every GraphQL operation of `request` joins
   * (opaque `tx` for the idempotency store): the request's writes and its stored answer commit
   * together.
   */
  atomic<T>(request: FastifyRequest, work: (tx: unknown) => Promise<T>): Promise<T>;
}

export interface StoredResponseLike {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyStoreLike {
  begin(
    owner: { organisationId: string; mode: 'test' | 'live'; scopes?: Iterable<string> },
    scope: string,
    key: string,
    fingerprint: string,
  ): Promise<
    | {
        kind: 'new';
        complete(response: StoredResponseLike): Promise<void>;
        finish(tx: never, response: StoredResponseLike): Promise<void>;
        abandon(): Promise<void>;
      }
    | { kind: 'replay'; response: StoredResponseLike }
    | { kind: 'mismatch' }
    | { kind: 'in_progress' }
  >;
}
