// Relay connections over a keyset on the UUIDv7 id (time ordered): opaque cursors, no offsets
// needed, stable under inserts. Newest first by default.
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { fastCount, fastCountBy, fastFind, fastFindable, fastFindCounted, type FastNested, type NestedRows } from '../db/fast-read.ts';
import { DomainError, invalid } from './errors.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  /** Keyset by id: the rows after this row's id in the list's order (what `after` does with a cursor). */
  startingAfter?: string | null;
  /** Keyset by id: the rows before this row's id (what `before` does with a cursor). */
  endingBefore?: string | null;
  offset?: number | null;
  orderDirection?: 'asc' | 'desc' | null;
  /**
   * The caller will read totalCount (e.g. the GraphQL selection has it): the total is counted in
   * the page's own statement when the fast reader can express the filter. Not a client argument.
   */
  countTotal?: boolean | null;
  /**
   * The caller will read these children of each row (e.g. the GraphQL selection has a link's
   * lineItems): read in the page's own statement when the fast reader reads the page (Page.nested).
   * Not a client argument.
   */
  nested?: readonly FastNested[] | null;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursor(row: T): string;
  totalCount(): Promise<number>;
  /** The children asked for with PageArgs.nested, when the page's statement read them. */
  nested?: NestedRows[];
}

export const encodeCursor = (id: string): string => Buffer.from(`c:${id}`).toString('base64url');

export function decodeCursor(cursor: string, arg: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('c:') ? text.slice(2) : '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw invalid([arg], 'Invalid cursor.', 'CURSOR__INVALID');
  }
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The id bound of one side: a cursor (`after` / `before`) or an id (`startingAfter` / `endingBefore`), not both. */
function boundOf(cursor: string | null | undefined, id: string | null | undefined, cursorArg: string, idArg: string): string | null {
  if (cursor && id) throw invalid([idArg], `Give at most one of ${cursorArg} and ${idArg}.`, 'CURSOR__CONFLICT');
  if (cursor) return decodeCursor(cursor, cursorArg);
  if (!id) return null;
  const lower = id.toLowerCase();
  if (!UUID.test(lower)) throw invalid([idArg], 'Must be a valid id.', 'CURSOR__INVALID');
  return lower;
}

/** The keyset bounds of page arguments (row ids), from cursors or ids. */
export function keysetBounds(args: PageArgs): { after: string | null; before: string | null } {
  return {
    after: boundOf(args.after, args.startingAfter, 'after', 'startingAfter'),
    before: boundOf(args.before, args.endingBefore, 'before', 'endingBefore'),
  };
}

function pageSize(value: number | null | undefined, arg: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw new DomainError('VALIDATION', 'PAGE_SIZE__OUT_OF_RANGE', `${arg} must be between 0 and ${MAX_PAGE_SIZE}.`, [
      { path: [arg], message: `Must be between 0 and ${MAX_PAGE_SIZE}.`, reason: 'PAGE_SIZE__OUT_OF_RANGE', code: 'VALIDATION' },
    ]);
  }
  return value;
}

/**
 * The rows of a page: the fast reader when it can express the conditions, the ORM otherwise; with
 * `countTotal`, the fast reader also counts `where` in the same statement (total null: not read).
 */
async function findPage<T extends { id: string }>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  where: FilterQuery<T>,
  conds: FilterQuery<T>[],
  ascending: boolean,
  limit: number,
  offset: number,
  countTotal: boolean,
  nested?: readonly FastNested[] | null,
): Promise<{ rows: T[]; total: number | null; nested?: NestedRows[] }> {
  const merged: Record<string, unknown> = { ...(where as Record<string, unknown>) };
  let simple = fastFindable(merged);
  for (const cond of conds.slice(1)) {
    const bound = (cond as { id: Record<string, string> }).id;
    const existing = merged.id;
    if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) simple = false;
    else merged.id = { ...(existing as object | undefined), ...bound };
  }
  if (simple) {
    const countWhere = countTotal ? (where as Record<string, unknown>) : undefined;
    return fastFindCounted(em, entity, merged, { orderBy: [['id', ascending ? 'asc' : 'desc']], limit, offset, countWhere, nested: nested ?? undefined });
  }
  const rows = await em.find(entity, { $and: conds } as FilterQuery<T>, { orderBy: { id: ascending ? 'asc' : 'desc' } as never, limit, offset });
  return { rows, total: null };
}

/** One page of `entity` rows matching `where`, ordered by id. */
export async function paginate<T extends { id: string }>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  where: FilterQuery<T>,
  args: PageArgs,
): Promise<Page<T>> {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  const desc = (args.orderDirection ?? 'desc') === 'desc';
  const backward = last !== null && first === null;
  const size = backward ? (last as number) : (first ?? DEFAULT_PAGE_SIZE);
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw invalid(['offset'], 'Must be between 0 and 100000.');

  const conds: FilterQuery<T>[] = [where];
  const older = (id: string) => ({ id: { $lt: id } }) as unknown as FilterQuery<T>;
  const newer = (id: string) => ({ id: { $gt: id } }) as unknown as FilterQuery<T>;
  const bounds = keysetBounds(args);
  if (bounds.after) conds.push(desc ? older(bounds.after) : newer(bounds.after));
  if (bounds.before) conds.push(desc ? newer(bounds.before) : older(bounds.before));
  const ascending = desc === backward;

  const {
    rows: found,
    total,
    nested,
  }: { rows: T[]; total: number | null; nested?: NestedRows[] } = size === 0
    ? { rows: [], total: null }
    : await findPage(em, entity, where, conds, ascending, size + 1, backward ? 0 : offset, Boolean(args.countTotal), args.nested);
  const more = found.length > size;
  const rows = more ? found.slice(0, size) : found;
  if (backward) rows.reverse();
  return {
    rows,
    hasNextPage: backward ? Boolean(bounds.before) : more,
    hasPreviousPage: backward ? more : Boolean(bounds.after) || offset > 0,
    cursor: (row) => encodeCursor(row.id),
    nested,
    totalCount: () => {
      // Counted with the page (countTotal).
      if (total !== null) return Promise.resolve(total);
      // A last page reached by offset alone tells the count without a statement.
      if (!backward && !bounds.after && !bounds.before && !more && size > 0 && (rows.length > 0 || offset === 0)) return Promise.resolve(offset + rows.length);
      // The fast reader's count when it can express the filter (em.count costs several times its CPU).
      const simple = where as Record<string, unknown>;
      return fastFindable(simple) ? fastCount(em, entity, simple) : em.count(entity, where);
    },
  };
}

/**
 * One page per parent, for a connection field under a list (e.g. Product.prices): the pages of
 * every parent in ONE statement (row_number() over (partition by the parent)), and their
 * totalCount in one grouped count when asked. Same arguments, cursors and page shape as
 * `paginate`; `where` must be simple equalities (fastFind).
 */
export async function paginateByParent<T extends { id: string }>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  parentProp: keyof T & string,
  parents: readonly string[],
  where: Record<string, unknown>,
  args: PageArgs,
): Promise<Map<string, Page<T>>> {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  const desc = (args.orderDirection ?? 'desc') === 'desc';
  const backward = last !== null && first === null;
  const size = backward ? (last as number) : (first ?? DEFAULT_PAGE_SIZE);
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw invalid(['offset'], 'Must be between 0 and 100000.');
  const bound: Record<string, string> = {};
  if (args.after) bound[desc ? '$lt' : '$gt'] = decodeCursor(args.after, 'after');
  if (args.before) bound[desc ? '$gt' : '$lt'] = decodeCursor(args.before, 'before');
  const ascending = desc === backward;
  const filter = { ...where, [parentProp]: [...parents], ...(Object.keys(bound).length ? { id: bound } : {}) };
  const rows =
    size === 0
      ? []
      : await fastFind(em, entity, filter, {
          partitionBy: parentProp,
          orderBy: [['id', ascending ? 'asc' : 'desc']],
          limit: size + 1,
          offset: backward ? 0 : offset,
        });
  const byParent = new Map<string, T[]>(parents.map((id) => [id, []]));
  for (const row of rows) byParent.get(row[parentProp] as unknown as string)?.push(row);
  let counts: Promise<Map<string, number>> | undefined;
  const countOf = async (parent: string) => {
    counts ??= fastCountBy(em, entity, { ...where, [parentProp]: [...parents] }, parentProp);
    return (await counts).get(parent) ?? 0;
  };
  const pages = new Map<string, Page<T>>();
  for (const [parent, found] of byParent) {
    const more = found.length > size;
    const pageRows = more ? found.slice(0, size) : found;
    if (backward) pageRows.reverse();
    pages.set(parent, {
      rows: pageRows,
      hasNextPage: backward ? Boolean(args.before) : more,
      hasPreviousPage: backward ? more : Boolean(args.after) || offset > 0,
      cursor: (row) => encodeCursor(row.id),
      totalCount: () => countOf(parent),
    });
  }
  return pages;
}
