// Slugs of checkout links: unique across the whole gateway (the public URL names no
// organisation), deleted links included. A generated slug takes the first free of -2, -3 ... -100,
// else a random suffix.
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { slugify } from '../../slugify.ts';
import { conflict } from '../../errors.ts';
import { selectRows } from '../../../db/prepared-read.ts';
import { runsOnPglite } from '../../../db/orm.ts';

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
 * How many readable slugs a base gives: `base`, `base-2` ... `base-100`. Past them a generated
 * slug takes a random suffix, as after a lost race.
 */
export const NUMBERED_SLUGS = 100;

/**
 * The first free of `base`, `base-2` ... `base-${NUMBERED_SLUGS}` in ONE statement: the candidates
 * are tried in order, each by one lookup in the slug's unique index, until one is free and not
 * being written by a concurrent create. Every link of the gateway counts (all organisations,
 * deleted links too), and gaps are filled (a `base-3` never made, say skipped by a lost race or
 * passed over by an explicit `base-4`, is given before `base-5`).
 *
 * Its cost is one index lookup per taken candidate before the first free one: at most
 * NUMBERED_SLUGS, however many links share the base. (It was a read of every numbered slug of the
 * base, to find the first gap among all of them: each create of a title with thousands of links
 * read thousands of rows, 5-10 ms of database CPU at the bench's 2,000-3,000 links of one title.)
 *
 * The walk is a recursive CTE, so the candidates are tried one after the other and the walk
 * stops at the first usable one: row n+1 exists only when candidate n is taken, or free but
 * locked. The slug picked is locked (a transaction-scoped advisory lock, tried, never waited
 * for; the CASE takes it only on a free candidate): a concurrent create of the same title skips
 * a slug another transaction is writing instead of picking it too, waiting on the unique index
 * for that transaction's commit and losing the race. The answer is the walk's last candidate
 * when it is within the cap; past it (every candidate taken or locked), no row: the caller takes
 * a random suffix.
 */
const SLUG_CANDIDATE = `case when n = 1 then ?::text else ?::text || n end`;
/**
 * Each candidate is looked up by a scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS
 * into a hashed subplan, which reads the whole table once per walk (all organisations) to hash
 * every slug. It picks that when the table looks small (about 1,000 narrow rows, ~40 pages), and
 * the statement's generic plan, cached by each connection, keeps it while the table grows: in the
 * bench, each create's walk went from 0.6 to 6.5 ms as its first pass took checkout_link from
 * 1,000 to 13,000 rows (auto_explain: `hashed SubPlan`, `Seq Scan on checkout_link`). A scalar
 * subquery is never hashed: it stays one unique-index probe per candidate, 0.2-0.3 ms a walk of
 * 100 at any size (test/integration/slug-walk-plan.test.ts).
 */
export const FREE_SLUG_SQL = `with recursive walk(n) as (
    select 1
    union all
    select n + 1 from walk where case
      when n > ? then false
      when (select true from checkout_link where slug = (${SLUG_CANDIDATE}) limit 1) then true
      else not pg_try_advisory_xact_lock(${SLUG_LOCK}, hashtext(${SLUG_CANDIDATE}))
    end
  )
  select ${SLUG_CANDIDATE} as slug from (select max(n) as n from walk) last where n <= ?`;

/**
 * `base`, or the first of `base-2`, `base-3`... that no link uses (see FREE_SLUG_SQL), else a
 * random suffix. After a lost race (concurrent creates of the same title picked the same free
 * slug) the suffix gets random characters so that the racers stop colliding: each further round
 * of a crowd costs a whole transaction.
 *
 * The statement's text is fixed (the values are parameters): on PostgreSQL it goes as a named
 * prepared statement (src/db/prepared-read.ts), planned once per connection.
 */
export async function nextFreeSlug(em: EntityManager, base: string, contended = 0, suffix: () => string = randomSuffix): Promise<string> {
  if (contended >= 1) return randomSuffixed(em, base, suffix);
  if (!/^[a-z0-9-]+$/.test(base)) throw new Error(`not a slug base: ${JSON.stringify(base)}`);
  const prefix = `${base}-`;
  const rows = (await selectRows(em, FREE_SLUG_SQL, [NUMBERED_SLUGS, base, prefix, base, prefix, base, prefix, NUMBERED_SLUGS])) as { slug: string }[];
  return rows[0]?.slug ?? randomSuffixed(em, base, suffix);
}

const randomSuffix = () => randomSlug().slice(0, 5);

/** Whether any link of the gateway (all organisations, deleted links too) has `slug`: one lookup in the slug's unique index. */
async function slugTaken(em: EntityManager, slug: string): Promise<boolean> {
  return (await selectRows(em, 'select 1 as taken from checkout_link where slug = ? limit 1', [slug])).length > 0;
}

/**
 * `base` with a random suffix. Five random characters do collide now and then (a title with
 * 3,000 links: some pair of them about once in 14). On PostgreSQL the write that loses on the
 * unique index runs again with another suffix (withSlugRace). On PGlite the write joins the open
 * transaction (one transaction at a time: no race to lose), so a taken suffix would fail the
 * request (a 500 the bench caught under load): there, the suffix is checked first, one index
 * lookup, and no other transaction can take it before the write.
 */
async function randomSuffixed(em: EntityManager, base: string, suffix: () => string): Promise<string> {
  for (;;) {
    const slug = `${base}-${suffix()}`;
    if (!runsOnPglite(em) || !(await slugTaken(em, slug))) return slug;
  }
}

/** Throws the CONFLICT when an explicit slug is used by any link of the gateway. */
export async function assertSlugFree(em: EntityManager, slug: string): Promise<void> {
  if (await slugTaken(em, slug)) throw slugConflict(slug);
}
