// API keys from `Authorization: Bearer <key>` or HTTP Basic (key as user name), and the
// operator's ADMIN_TOKEN. Every face uses this; each decides how to answer a failure.
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Caller } from '../domain/principal.ts';
import { findActiveKey, hashSecret, isSecretShaped, touchApiKey, TOUCH_EVERY_MS } from '../domain/services/organisations/api-keys.ts';
import type { KeyCache } from './key-cache.ts';

export type AuthStatus = 'none' | 'valid' | 'invalid';

export interface AuthResult extends Caller {
  status: AuthStatus;
}

/** A scheme and one value, nothing else (surrounding whitespace allowed). */
const CREDENTIAL = /^\s*(\S+)\s+(\S+)\s*$/;

/**
 * The credential of an Authorization header, strictly: `Bearer <key>` with nothing after the key,
 * or HTTP Basic whose user name is the key and whose password is empty. Anything else is null
 * (an invalid credential); no header is undefined.
 */
export function credentialOf(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const parts = CREDENTIAL.exec(header);
  if (!parts) return null;
  const scheme = parts[1] ?? '';
  const value = parts[2] ?? '';
  if (/^bearer$/i.test(scheme)) return value || null;
  if (/^basic$/i.test(scheme)) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? decoded : decoded.slice(0, colon);
    if (colon !== -1 && decoded.length > colon + 1) return null; // a password: refused, not ignored
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
