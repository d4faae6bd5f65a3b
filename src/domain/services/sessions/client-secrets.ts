// A checkout session's client secret: `cs_<session id>_secret_<random>`, of which only the
// SHA-256 is stored; the storefront operations (storefront/access.ts) check it.
import { createHash } from 'node:crypto';
import { randomBase62 } from '../organisations/api-keys.ts';

const CLIENT_SECRET = /^cs_([0-9a-f]{32})_secret_([0-9A-Za-z]{24})$/;

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A new client secret for a session: `cs_<session id>_secret_<random>`; only its hash is stored. */
export function newClientSecret(sessionId: string): { secret: string; hash: string } {
  const secret = `cs_${sessionId.replaceAll('-', '')}_secret_${randomBase62(24)}`;
  return { secret, hash: sha256(secret) };
}

/** The session id a client secret names, or null when it has not the shape of one. */
export function sessionIdOfSecret(secret: string): string | null {
  const m = CLIENT_SECRET.exec(secret);
  if (!m) return null;
  const hex = m[1]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
