// API keys from `Authorization: Bearer <key>` or HTTP Basic (key as user name), and the
// operator's ADMIN_TOKEN. Every face uses this; each decides how to answer a failure.
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Caller } from '../domain/principal.ts';
import { findActiveKey, hashSecret, isSecretShaped, touchApiKey, TOUCH_EVERY_MS } from '../domain/services/api-keys.ts';
import type { KeyCache } from './key-cache.ts';

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

const INVALID: AuthResult = { status: 'invalid', principal: null, operator: false };

export async function authenticate(em: EntityManager, header: string | undefined, adminToken: string | undefined, cache?: KeyCache): Promise<AuthResult> {
  const credential = credentialOf(header);
  if (credential === undefined) return { status: 'none', principal: null, operator: false };
  if (credential === null) return INVALID;
  if (adminToken && sameSecret(credential, adminToken)) return { status: 'valid', principal: null, operator: true };
  if (!isSecretShaped(credential)) return INVALID;
  const secretHash = hashSecret(credential);
  const hit = cache?.get(secretHash);
  if (hit) {
    if (Date.now() - hit.lastUsedAt > TOUCH_EVERY_MS) {
      cache?.touched(hit);
      // Bookkeeping only: the request does not wait for it, and a failure costs nothing.
      touchApiKey(em.fork(), hit.keyId).catch(() => {});
    }
    return { status: 'valid', principal: hit.principal, operator: false };
  }
  const startedAt = cache?.begin() ?? 0;
  const found = await findActiveKey(em, secretHash);
  if (!found) return INVALID;
  let lastUsedAt = found.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsedAt > TOUCH_EVERY_MS) {
    await touchApiKey(em, found.id);
    lastUsedAt = Date.now();
  }
  cache?.store(secretHash, found.id, found.principal, lastUsedAt, startedAt);
  return { status: 'valid', principal: found.principal, operator: false };
}
