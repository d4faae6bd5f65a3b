// API keys: sk_test_… / sk_live_… secret keys and pk_test_… / pk_live_… publishable keys (storefront
// operations only), stored as SHA-256 only.
import { hash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { ApiKey, Organisation } from '../../entities/index.ts';
import { KEY_KINDS, type KeyKind } from '../../entities/api-key.ts';
import { MODES, type Mode } from '../../entities/common.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import { SCOPES, type Principal } from '../../principal.ts';
import { principalOf, requireScope, type ServiceContext } from '../../service-context.ts';
import { parse } from '../../validate.ts';
import { isUuid } from '../support/ids.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_PATTERN = /^(sk|pk)_(test|live)_[0-9A-Za-z]{32}$/;
const PREFIX: Record<KeyKind, string> = { secret: 'sk', publishable: 'pk' };

// Every keyed request hashes its key: the one-shot hash makes no Hash object (its construction was
// ~1.3% of the gateway's CPU on a bench retrieve).
export const hashSecret = (secret: string): string => hash('sha256', secret, 'hex');

export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
  }
  return out;
}

const createSchema = z.object({
  organisationId: z.string(),
  mode: z.enum(MODES),
  scopes: z
    .array(z.string().refine((s) => (SCOPES as readonly string[]).includes(s), { message: `Unknown scope; known: ${SCOPES.join(', ')}.` }))
    .min(1)
    .max(SCOPES.length)
    .nullish(),
  name: z.string().max(255).nullish(),
  kind: z.enum(KEY_KINDS).nullish(),
});
export type CreateApiKeyInput = z.input<typeof createSchema>;

/** Creates a key row (unflushed) and returns it with its one-time secret. */
export function buildApiKey(
  em: EntityManager,
  organisationId: string,
  mode: Mode,
  scopes: readonly string[],
  name: string | null = null,
  kind: KeyKind = 'secret',
): { apiKey: ApiKey; secret: string } {
  const secret = `${PREFIX[kind]}_${mode}_${randomBase62(32)}`;
  const apiKey = em.create(ApiKey, {
    organisation: organisationId,
    mode,
    name,
    kind,
    secretHash: hashSecret(secret),
    prefix: secret.slice(0, 12),
    last4: secret.slice(-4),
    // A publishable key holds no scope: it passes no scope check anywhere.
    scopes: kind === 'publishable' ? [] : [...new Set(scopes)].sort(),
  });
  return { apiKey, secret };
}

export async function createApiKey(ctx: ServiceContext, raw: CreateApiKeyInput): Promise<{ apiKey: ApiKey; secret: string }> {
  const input = parse(createSchema, raw);
  const kind = input.kind ?? 'secret';
  if (kind === 'publishable' && input.scopes) {
    throw invalid(['scopes'], 'A publishable key has no scopes: it is good for the storefront operations only.', 'API_KEY__PUBLISHABLE_SCOPES');
  }
  if (!ctx.operator) {
    const principal = requireScope(ctx, 'api-key:write');
    if (input.organisationId !== principal.organisationId) throw notFound('Organisation', ['organisationId']);
    if (input.mode !== principal.mode) throw forbidden(`A ${principal.mode} key cannot create ${input.mode} keys.`);
    // A key mints no more than it holds: the new key's scopes are a subset of the caller's.
    const beyond = (input.scopes ?? []).filter((s) => !principal.scopes.has(s));
    if (beyond.length) throw forbidden(`This key cannot grant scopes it does not hold: ${[...new Set(beyond)].sort().join(', ')}.`);
  }
  const scopes = input.scopes ?? (ctx.operator ? SCOPES : [...principalOf(ctx).scopes]);
  return ctx.em.transactional(async (em) => {
    const org = isUuid(input.organisationId) ? await em.findOne(Organisation, { id: input.organisationId }) : null;
    if (!org) throw notFound('Organisation', ['organisationId']);
    const created = buildApiKey(em, org.id, input.mode, scopes, input.name ?? null, kind);
    await em.flush();
    return created;
  });
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<ApiKey> {
  requireScope(ctx, 'api-key:write');
  return ctx.em.transactional(async (em) => {
    const key = isUuid(id) ? await em.findOne(ApiKey, { id }) : null;
    if (!key) throw notFound('ApiKey');
    key.revokedAt ??= new Date();
    await em.flush();
    return key;
  });
}

export function listApiKeys(ctx: ServiceContext): Promise<ApiKey[]> {
  requireScope(ctx, 'api-key:write');
  principalOf(ctx);
  return ctx.em.find(ApiKey, {}, { orderBy: { id: 'desc' } });
}

/** Whether a credential has the shape of a secret at all (no lookup needed to refuse it). */
export const isSecretShaped = (secret: string): boolean => KEY_PATTERN.test(secret);

export interface FoundKey {
  id: string;
  principal: Principal;
  lastUsedAt: Date | null;
}

/** The active key with this secret hash, or null when it is unknown or revoked. */
export async function findActiveKey(em: EntityManager, secretHash: string): Promise<FoundKey | null> {
  const key = await em.findOne(ApiKey, { secretHash }, { filters: false });
  if (!key || key.revokedAt) return null;
  const principal: Principal = { organisationId: key.organisation, mode: key.mode, kind: key.kind, scopes: new Set(key.scopes), apiKeyId: key.id };
  return { id: key.id, principal, lastUsedAt: key.lastUsedAt ?? null };
}

/** `lastUsedAt` is kept to the minute: a key used within the last minute is not written. */
export const TOUCH_EVERY_MS = 60_000;

export async function touchApiKey(em: EntityManager, id: string): Promise<void> {
  await em.nativeUpdate(ApiKey, { id }, { lastUsedAt: new Date() }, { filters: false });
}

/** The principal of a secret, or null when it is unknown, malformed or revoked. */
export async function authenticateSecret(em: EntityManager, secret: string): Promise<Principal | null> {
  if (!isSecretShaped(secret)) return null;
  const found = await findActiveKey(em, hashSecret(secret));
  if (!found) return null;
  if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > TOUCH_EVERY_MS) await touchApiKey(em, found.id);
  return found.principal;
}
