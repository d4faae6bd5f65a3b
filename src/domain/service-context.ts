// What every domain service receives: a request-scoped EntityManager (tenant filter set), the
// caller's principal and the public URL base.
import type { EntityManager } from '@mikro-orm/core';
import type { Plan, PlanTier, PlanTierItem, Price, Product, SalesChannel } from './entities/index.ts';
import { forbidden, unauthenticated } from './errors.ts';
import type { Principal, Scope } from './principal.ts';

export interface ServiceContext {
  em: EntityManager;
  /** A secret key's principal; null for anonymous, operator and publishable-key callers. */
  principal: Principal | null;
  operator: boolean;
  publicUrl: string;
  /** A publishable key (pk_…): good for the storefront operations only, so never a `principal`. */
  publishable?: Principal | null;
  /** The request's Origin header (browser calls), checked by the storefront operations. */
  origin?: string | null;
  /** Set only by the gateway's own hosted checkout page, in-process (never from HTTP). */
  hostedPage?: boolean;
  /**
   * Hears of rows a write read in its transaction that its answer may show (the GraphQL context
   * primes its loaders with them, so the answer does not read them again). Optional.
   */
  remember?: (rows: KnownRows) => void;
}

/**
 * Rows as the GraphQL loaders would read them: by id, a plan's tiers and a tier's items each in
 * position order (all of them), the prices and products of those items.
 */
export interface KnownRows {
  plans?: Plan[];
  planTiers?: PlanTier[];
  /** [plan id, all its tiers] */
  tiersByPlan?: [string, PlanTier[]][];
  /** [tier id, all its items] */
  itemsByTier?: [string, PlanTierItem[]][];
  prices?: Price[];
  products?: Product[];
  salesChannels?: SalesChannel[];
}

/** The principal, or UNAUTHENTICATED. */
export function principalOf(ctx: ServiceContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}

/** The principal when it has `scope`; otherwise UNAUTHENTICATED or FORBIDDEN. */
export function requireScope(ctx: ServiceContext, scope: Scope): Principal {
  const principal = principalOf(ctx);
  if (!principal.scopes.has(scope)) throw forbidden(`This key lacks the "${scope}" scope.`);
  return principal;
}

/** organisation + mode for rows created in this request. */
export function owner(principal: Principal): { organisation: string; mode: Principal['mode'] } {
  return { organisation: principal.organisationId, mode: principal.mode };
}

/** Runs `work` in one transaction on a fork of the request's EntityManager. */
export function inTransaction<T>(ctx: ServiceContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ctx.em.transactional((em) => work(em));
}
