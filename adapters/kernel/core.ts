// What a dialect receives from the gateway: the executable schema and, per request, the
// GraphQL context and the caller. Dialects never touch the ORM or the domain directly.
import type { FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';

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
  /** The caller of a request: none, a valid key (principal) or an invalid credential. */
  auth(request: FastifyRequest): Promise<Caller>;
}
