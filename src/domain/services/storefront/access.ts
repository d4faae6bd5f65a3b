// Who may use a storefront operation, and on which session: a publishable key (pk_…) of the
// organisation and mode, a session's client secret, or the gateway's own hosted page
// (in-process). Secret keys and the admin token are refused: they must never be in a browser.
// Browser calls (an Origin header) must come from an origin the organisation allows.
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { CheckoutLink, CheckoutSession, Organisation } from '../../entities/index.ts';
import { DomainError, notFound } from '../../errors.ts';
import type { ServiceContext } from '../../service-context.ts';
import { enterTenantOf } from '../sessions/checkout-sessions.ts';
import { sessionIdOfSecret, sha256 } from '../sessions/client-secrets.ts';
import { isUuid } from '../support/ids.ts';

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const SECRET_KEY_REFUSED =
  "Storefront operations run in the buyer's browser: use a publishable key (pk_…) or the session's client secret, never a secret key or the admin token.";

/** Refuses secret keys and the admin token. */
export function requireStorefrontCaller(ctx: ServiceContext): void {
  if (ctx.principal || ctx.operator) throw new DomainError('FORBIDDEN', 'STOREFRONT__SECRET_KEY_REFUSED', SECRET_KEY_REFUSED);
}

/** The origin of the gateway's own pages (same-origin calls need no allow-list entry). */
function ownOrigin(publicUrl: string): string | null {
  try {
    return new URL(publicUrl).origin;
  } catch {
    return null;
  }
}

/** An origin in its canonical form (scheme://host[:port], lower case, default port dropped), or null. */
export function canonicalOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** A browser call (Origin header) from an origin the organisation does not allow is refused. */
export async function checkOrigin(ctx: ServiceContext, em: EntityManager, organisationId: string): Promise<void> {
  if (!ctx.origin || ctx.hostedPage) return;
  const origin = canonicalOrigin(ctx.origin);
  if (origin && origin === ownOrigin(ctx.publicUrl)) return;
  const org = await em.findOne(Organisation, { id: organisationId });
  if (!origin || !org?.storefrontAllowedOrigins.includes(origin)) {
    throw new DomainError(
      'FORBIDDEN',
      'STOREFRONT__ORIGIN_NOT_ALLOWED',
      `The origin ${ctx.origin} is not allowed to use this organisation's storefront (setStorefrontAllowedOrigins).`,
    );
  }
}

/** A publishable key, when sent, must be of this organisation and mode (else the row is not found for it). */
function keyMatches(ctx: ServiceContext, row: { organisation: string; mode: string }): boolean {
  const key = ctx.publishable;
  return !key || (key.organisationId === row.organisation && key.mode === row.mode);
}

/** An active link by slug for a publishable key of its tenant (or the hosted page); the em enters its tenant. */
export async function linkForStorefront(ctx: ServiceContext, em: EntityManager, slug: string, options: { anonymous: boolean }): Promise<CheckoutLink> {
  requireStorefrontCaller(ctx);
  if (!ctx.publishable && !ctx.hostedPage && !options.anonymous) {
    throw new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', 'A publishable key (pk_…) is required to start a checkout session.');
  }
  // Deleted links are found too: a storefront shows them as no longer available (410), and
  // starting a session refuses every link that is not active.
  const link = slug.length <= 64 ? await em.findOne(CheckoutLink, { slug }, { filters: false }) : null;
  if (!link || !keyMatches(ctx, link)) throw notFound('CheckoutLink', ['slug']);
  enterTenantOf(em, link);
  await checkOrigin(ctx, em, link.organisation);
  return link;
}

/**
 * The session a client secret opens (the hosted page may name it by id: its URL is the
 * capability); the em enters its tenant. Unknown, malformed or wrong secrets are all "not found".
 */
export async function sessionForStorefront(ctx: ServiceContext, em: EntityManager, clientSecret: string): Promise<CheckoutSession> {
  requireStorefrontCaller(ctx);
  const byId = ctx.hostedPage === true && isUuid(clientSecret);
  const id = byId ? clientSecret : sessionIdOfSecret(clientSecret);
  const session = id ? await em.findOne(CheckoutSession, { id }, { filters: false }) : null;
  const authorised = !!session && (byId || (!!session.clientSecretHash && sameHash(session.clientSecretHash, sha256(clientSecret))));
  if (!session || !authorised || !keyMatches(ctx, session)) throw notFound('CheckoutSession', ['clientSecret']);
  enterTenantOf(em, session);
  await checkOrigin(ctx, em, session.organisation);
  return session;
}
