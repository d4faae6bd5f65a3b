// API keys from `Authorization: Bearer <key>` or HTTP Basic (key as user name), and the
// operator's ADMIN_TOKEN. Every face uses this; each decides how to answer a failure.
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Caller } from '../domain/principal.ts';
import { authenticateSecret } from '../domain/services/api-keys.ts';

export type AuthStatus = 'none' | 'valid' | 'invalid';

export interface AuthResult extends Caller {
  status: AuthStatus;
}

/** The credential of an Authorization header: Bearer token or Basic user name. */
export function credentialOf(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return value || null;
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':', 1)[0] ?? '';
    return user || null;
  }
  return null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function authenticate(em: EntityManager, header: string | undefined, adminToken: string | undefined): Promise<AuthResult> {
  const credential = credentialOf(header);
  if (credential === undefined) return { status: 'none', principal: null, operator: false };
  if (credential === null) return { status: 'invalid', principal: null, operator: false };
  if (adminToken && sameSecret(credential, adminToken)) return { status: 'valid', principal: null, operator: true };
  const principal = await authenticateSecret(em, credential);
  return principal ? { status: 'valid', principal, operator: false } : { status: 'invalid', principal: null, operator: false };
}
