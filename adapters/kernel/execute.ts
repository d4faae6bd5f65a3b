// Runs a codegen-typed GraphQL operation in-process against the gateway's executable schema.
// Documents are validated once (first use, cached); execution skips HTTP, parsing and Apollo, and
// runs through the core's executor (queries compiled once per document, as on /graphql).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyRequest } from 'fastify';
import { validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { GatewayCore } from '../../src/contract/gateway-core.ts';

export interface OperationResult<TData> {
  data: TData | null;
  errors: readonly GraphQLError[];
}

const validated = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();

/** Validates a document against the schema (once); throws on an invalid document. */
export function prepare(schema: GraphQLSchema, document: DocumentNode): void {
  let seen = validated.get(schema);
  if (!seen) validated.set(schema, (seen = new WeakSet()));
  if (seen.has(document)) return;
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`Invalid adapter operation: ${errors.map((e) => e.message).join('; ')}`);
  seen.add(document);
}

export async function runOperation<TData, TVariables extends Record<string, unknown>>(
  core: GatewayCore,
  request: FastifyRequest,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<OperationResult<TData>> {
  prepare(core.schema, document);
  const contextValue = await core.context(request);
  try {
    core.refuseBeforeRun(document, contextValue);
  } catch (error) {
    return { data: null, errors: [error as GraphQLError] };
  }
  const result = await core.execute(document, variables, contextValue);
  return { data: (result.data as TData | null | undefined) ?? null, errors: result.errors ?? [] };
}
