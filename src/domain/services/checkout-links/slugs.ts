// Slugs of checkout links: unique across the whole gateway (the public URL names no
// organisation), deleted links included. A generated slug takes the next free -2, -3... suffix.
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { slugify } from '../../slugify.ts';
import { CheckoutLink } from '../../entities/index.ts';
import { conflict } from '../../errors.ts';
import { selectRows } from '../../../db/prepared-read.ts';

const MAX = 64;
/** Room left for a `-NNNNN` suffix. */
const BASE_MAX = MAX - 7;

export const slugConflict = (slug: string) => conflict('CHECKOUT_LINK__SLUG_CONFLICT', `The slug "${slug}" is taken.`, ['slug']);

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

/** The first key of the transaction-scoped advisory locks on slugs being written (the second: the slug's hash). */
const SLUG_LOCK = 716282067;

/**
 * The first free of `base`, `base-2`, `base-3`... in ONE statement that returns one row: the
 * candidates are `base`, `base-2` and `base-(k+1)` for every taken `base-k` whose `base-(k+1)`
 * is free, and the lowest free one among them is the lowest free overall. Every link of the
 * gateway counts (all organisations, deleted links too). A taken suffix is 1 to 9 digits without
 * a leading zero (`base-02`, `base-2b` are other slugs).
 *
 * The statement reads every slug starting with `base-` (the first free is wherever the first gap
 * is), so its cost grows with the links sharing a base: each row costs as little as it can. The
 * suffix is cut once (substr on bytes: a slug is ASCII) and checked with ltrim, not a regular
 * expression; the gaps come from one sort of the numbers (lead), not from a join of the taken
 * slugs with themselves. About half the database CPU of the join it replaces at 3,000 links of
 * one base (measured: 2.7 against 5.3 ms a statement).
 *
 * The slug picked is locked (a transaction-scoped advisory lock, tried, never waited for): a
 * concurrent create of the same title skips a slug another transaction is writing instead of
 * picking it too, waiting on the unique index for that transaction's commit and losing the race.
 * With no free candidate left unlocked, no row: the caller takes a random suffix.
 */
const freeSlugSql = (range: boolean) => `with nums as materialized (
    select s::int as n from (
      select substr(slug, ?) as s from checkout_link
      where slug like ?${range ? ' and slug >= ?::text and slug < ?::text' : ''} and octet_length(slug) between ? and ? offset 0
    ) x where ltrim(s, '0123456789') = '' and left(s, 1) <> '0'
  ), free as materialized (
    select ?::text as slug, 0 as n where not exists (select 1 from checkout_link where slug = ?::text)
    union all select ?::text || '2', 2 where not exists (select 1 from nums where n = 2)
    union all select ?::text || (n + 1), n + 1 from (select n, lead(n) over (order by n) as next from nums) g where n >= 2 and next is distinct from n + 1
    order by n
  )
  select slug${range ? '' : `, (${BYTEWISE_SQL}) as bytewise`} from free where pg_try_advisory_xact_lock(${SLUG_LOCK}, hashtext(slug)) limit 1`;

/**
 * Whether the database orders text byte by byte (libc collation C, POSIX or C.UTF-8): then the
 * slugs starting with `base-` and a digit 1 to 9 (the only ones whose suffix can be a number: no
 * leading zero) are exactly those from `base-1` (included) to `base-:` (excluded, ':' follows '9'),
 * a range the slug's unique index reads. Not from `base-`: the random suffixes of lost races
 * (nextFreeSlug) start with a letter 26 times in 36, and creates of one title at once (the bench's
 * 50 connections) give most of them one: the statement read each of them, every create more.
 * LIKE 'base-%' alone reads the index only under the collation "C" itself: under C.UTF-8
 * (Debian's default, the bench's database) it read every link of the gateway, each create more.
 * Under a linguistic collation ('-' and ':' ignored at first) the range is not the prefix, so it
 * is not used there.
 */
const BYTEWISE_SQL = `select coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') = 'c' and d.datcollate in ('C', 'POSIX', 'C.UTF-8', 'C.utf8')
    from pg_database d where d.datname = current_database()`;
const LIKE_ONLY_SQL = freeSlugSql(false);
const RANGE_SQL = freeSlugSql(true);
/** Per database connection (of an ORM): whether its database orders bytewise, once known. */
const bytewiseOf = new WeakMap<object, boolean>();

/**
 * `base`, or the first of `base-2`, `base-3`... that no link uses. After a lost race (concurrent
 * creates of the same title picked the same free slug) the suffix gets random characters so that
 * the racers stop colliding: each further round of a crowd costs a whole transaction.
 *
 * The statement's text is fixed (the values are parameters): on PostgreSQL it goes as a named
 * prepared statement (src/db/prepared-read.ts), planned once per connection. Until the
 * database's collation is known, the statement asks it too (no statement of its own).
 */
export async function nextFreeSlug(em: EntityManager, base: string, contended = 0): Promise<string> {
  if (contended >= 1) return `${base}-${randomSlug().slice(0, 5)}`;
  // slugBase() makes [a-z0-9-] only: nothing in `base` means anything to LIKE.
  if (!/^[a-z0-9-]+$/.test(base)) throw new Error(`not a slug base: ${JSON.stringify(base)}`);
  const prefix = `${base}-`;
  const from = prefix.length + 1;
  const connection = em.getConnection();
  const range = bytewiseOf.get(connection) === true;
  const params = range
    ? [from, `${prefix}%`, `${prefix}1`, `${prefix}:`, from, from + 8, base, base, prefix, prefix]
    : [from, `${prefix}%`, from, from + 8, base, base, prefix, prefix];
  const rows = (await selectRows(em, range ? RANGE_SQL : LIKE_ONLY_SQL, params)) as { slug: string; bytewise?: boolean }[];
  const row = rows[0];
  if (row && typeof row.bytewise === 'boolean') bytewiseOf.set(connection, row.bytewise);
  return row?.slug ?? `${base}-${randomSlug().slice(0, 5)}`;
}

/** Throws the CONFLICT when an explicit slug is used by any link of the gateway. */
export async function assertSlugFree(em: EntityManager, slug: string): Promise<void> {
  const count = await em.count(CheckoutLink, { slug }, { filters: false });
  if (count > 0) throw slugConflict(slug);
}
