// Whop's reads: an absent object, or any NOT_FOUND of the core, is Whop's own 404 for `what`;
// and the caller's organisation as Whop's account object.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { WhopOrganisationDocument } from '../../../src/generated/operations.ts';
import type { RouteContext } from '../../kernel/dialect.ts';
import { GatewayError } from '../../kernel/errors.ts';
import { notFound } from '../errors.ts';
import type { AccountInfo } from '../mappers/plan.ts';

// biome-ignore lint/suspicious/noExplicitAny: any route's context
type AnyContext = RouteContext<any, any, any>;

export async function found<TData, TVars extends Record<string, unknown>, T>(
  ctx: AnyContext,
  document: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  pick: (data: TData) => T,
  what: string,
): Promise<NonNullable<T>> {
  try {
    return await ctx.unwrap(document, variables, pick, () => notFound(what));
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'NOT_FOUND') throw notFound(what);
    throw error;
  }
}

/** The caller's organisation (the `account` / `company` of plans and products). */
export async function accountOf(ctx: AnyContext): Promise<AccountInfo | null> {
  return (await ctx.execute(WhopOrganisationDocument, {})).organisation ?? null;
}
