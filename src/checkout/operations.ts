// The hosted page runs the storefront operations in-process, like any storefront would over HTTP,
// as the gateway's own page: no key of the request is used (a secret key sent to the page grants
// nothing), the session is named by its id (the page URL), and no Origin check applies.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyRequest } from 'fastify';
import { execute, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../graphql/context.ts';

/** What the hosted checkout receives: the schema and the page's request contexts (src/http/request-context.ts `page`). */
export interface PageCore {
  schema: GraphQLSchema;
  /** The page's context of a request: no principal, hostedPage set (never from HTTP). */
  context(request: FastifyRequest): Promise<GraphQLContext>;
}

const validated = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();

function prepare(schema: GraphQLSchema, document: DocumentNode): void {
  let seen = validated.get(schema);
  if (!seen) validated.set(schema, (seen = new WeakSet()));
  if (seen.has(document)) return;
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`Invalid page operation: ${errors.map((e) => e.message).join('; ')}`);
  seen.add(document);
}

/** Thrown when an operation answers with errors (not user errors): the page answers 500 or the error's status. */
export class PageOperationError extends Error {
  readonly errors: readonly GraphQLError[];
  constructor(errors: readonly GraphQLError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'PageOperationError';
    this.errors = errors;
  }
}

export async function runPageOperation<TData, TVariables extends Record<string, unknown>>(
  core: PageCore,
  request: FastifyRequest,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  prepare(core.schema, document);
  const contextValue = await core.context(request);
  const result = await execute({ schema: core.schema, document, variableValues: variables, contextValue });
  if (result.errors?.length || !result.data) throw new PageOperationError(result.errors ?? []);
  return result.data as TData;
}
