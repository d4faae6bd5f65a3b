// The browser origins allowed to call the storefront operations of an organisation. A preflight
// carries no key, so /graphql answers preflights from any origin (as for Apollo Studio); each
// storefront operation then refuses a call whose Origin the organisation does not allow.
import type { EntityManager } from '@mikro-orm/core';
import { Organisation } from '../../entities/index.ts';
import { validationError, type Violation } from '../../errors.ts';
import { requireScope, type ServiceContext } from '../../service-context.ts';
import { canonicalOrigin } from './access.ts';

export const MAX_ALLOWED_ORIGINS = 20;

/** setStorefrontAllowedOrigins: replaces the caller's organisation's list (checkout-link:write). */
export async function setAllowedOrigins(ctx: ServiceContext, origins: readonly string[]): Promise<Organisation> {
  const principal = requireScope(ctx, 'checkout-link:write');
  return replaceAllowedOrigins(ctx.em, principal.organisationId, origins);
}

/** Replaces an organisation's allowed origins (checked and canonicalised); the CLI calls this as the operator. */
export async function replaceAllowedOrigins(em: EntityManager, organisationId: string, origins: readonly string[]): Promise<Organisation> {
  const violations: Violation[] = [];
  const canonical: string[] = [];
  if (origins.length > MAX_ALLOWED_ORIGINS) {
    violations.push({ path: ['origins'], message: `At most ${MAX_ALLOWED_ORIGINS} origins.`, reason: 'VALUE__TOO_MANY', code: 'VALIDATION' });
  }
  origins.slice(0, MAX_ALLOWED_ORIGINS).forEach((value, i) => {
    const origin = value.length <= 255 ? canonicalOrigin(value) : null;
    const bare = origin !== null && /^https?:\/\/[^/?#]+\/?$/i.test(value.trim());
    if (!origin || !bare) {
      violations.push({
        path: ['origins', String(i)],
        message: 'Must be an origin: http(s)://host[:port], no path.',
        reason: 'VALUE__BAD_FORMAT',
        code: 'VALIDATION',
      });
    } else if (!canonical.includes(origin)) canonical.push(origin);
  });
  if (violations.length > 0) throw validationError(violations);
  return em.transactional(async (tem) => {
    const org = await tem.findOneOrFail(Organisation, { id: organisationId });
    org.storefrontAllowedOrigins = canonical;
    await tem.flush();
    return org;
  });
}
