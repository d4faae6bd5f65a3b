// Signing secrets at rest: AES-256-GCM (node:crypto) with a key from WEBHOOK_SECRET_KEY, or from a
// key file (WEBHOOK_SECRET_KEY_FILE; by default `webhook-secret.key` beside the PGlite folder, or
// in ./.data on PostgreSQL), created with mode 0600 on first start. A database dump alone does
// not reveal a secret. The endpoint id is the additional authenticated data: a ciphertext copied
// onto another endpoint's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';

const VERSION = 'v1';

export interface SecretBox {
  seal(plain: string, endpointId: string): string;
  open(sealed: string, endpointId: string): string;
}

function parseKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  return b.length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(t) ? b : null;
}

/** Where the key file lives when WEBHOOK_SECRET_KEY_FILE is not set (null: in-memory database, key in memory). */
export function defaultKeyFile(databaseUrl: string): string | null {
  if (databaseUrl.startsWith('pglite://')) {
    const rest = databaseUrl.slice('pglite://'.length);
    if (rest === '' || rest === 'memory') return null;
    return join(dirname(resolve(rest)), 'webhook-secret.key');
  }
  return resolve('.data', 'webhook-secret.key');
}

function readOrCreate(file: string): Buffer {
  try {
    const key = parseKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte key (64 hex digits)`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: read theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readOrCreate(file);
}

export function loadSecretKey(config: Pick<Config, 'databaseUrl' | 'webhooks'>): Buffer {
  if (config.webhooks.secretKey) {
    const key = parseKey(config.webhooks.secretKey);
    if (!key) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes (64 hex digits or base64)');
    return key;
  }
  const file = config.webhooks.keyFile ?? defaultKeyFile(config.databaseUrl);
  return file ? readOrCreate(file) : randomBytes(32);
}

export function secretBox(key: Buffer): SecretBox {
  return {
    seal(plain, endpointId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(endpointId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, endpointId) {
      if (!sealed.startsWith(`${VERSION}:`)) throw new Error('unknown secret format');
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(endpointId));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
