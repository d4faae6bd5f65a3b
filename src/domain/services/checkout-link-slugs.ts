// Slugs of checkout links: unique across the whole gateway (the public URL names no
// organisation), deleted links included. A generated slug takes the next free -2, -3... suffix.
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import slugify from '@sindresorhus/slugify';
import { CheckoutLink } from '../entities/index.ts';
import { conflict } from '../errors.ts';

const MAX = 64;
/** Room left for a `-NNNNN` suffix. */
const BASE_MAX = MAX - 7;

export const slugConflict = (slug: string) =>
  conflict('CHECKOUT_LINK__SLUG_CONFLICT', `The slug "${slug}" is taken.`, ['slug']);

/** True when `error` is the unique constraint on checkout_link.slug. */
export function isSlugViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException && /slug/i.test(error.message);
}

/** A short random lower-case id, e.g. `k3x9q2m7ab4d`. */
export function randomSlug(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The readable base of a generated slug, or a random id when the words give too little. */
export function slugBase(words: (string | null | undefined)[]): string {
  const text = words.filter((w): w is string => Boolean(w && w.trim())).join(' ');
  let base = text ? slugify(text, { lowercase: true, decamelize: false }) : '';
  base = base.slice(0, BASE_MAX).replace(/-+$/, '');
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(base) && base.length >= 3 ? base : randomSlug();
}

/** Every slug of the gateway starting with `prefix` (all organisations, deleted links too). */
async function takenLike(em: EntityManager, prefix: string): Promise<Set<string>> {
  const rows = await em.find(CheckoutLink, { slug: { $like: `${prefix}%` } }, {
    filters: false,
    fields: ['slug'],
    disableIdentityMap: true,
  });
  return new Set(rows.map((r) => r.slug));
}

/**
 * `base`, or the first of `base-2`, `base-3`... that no link uses. After `contended` lost races
 * (many concurrent creates of the same title) the suffix gets random characters so that the
 * racers stop colliding.
 */
export async function nextFreeSlug(em: EntityManager, base: string, contended = 0): Promise<string> {
  if (contended >= 2) return `${base}-${randomSlug().slice(0, 5)}`;
  const taken = await takenLike(em, base);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Throws the CONFLICT when an explicit slug is used by any link of the gateway. */
export async function assertSlugFree(em: EntityManager, slug: string): Promise<void> {
  const count = await em.count(CheckoutLink, { slug }, { filters: false });
  if (count > 0) throw slugConflict(slug);
}
