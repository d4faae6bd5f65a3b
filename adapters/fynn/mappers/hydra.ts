// API Platform collections: `hydra:member`, `hydra:totalItems` and the `hydra:view` paging links
// (PartialCollectionView: @id, hydra:first, hydra:last, hydra:previous, hydra:next), page-numbered
// with `page` and `itemsPerPage` as API Platform pages.

export const CLASSIC_MAX_ITEMS_PER_PAGE = 100;

export interface ClassicPageQuery {
  page: number;
  itemsPerPage: number;
}

/** GraphQL first/offset of a classic page (itemsPerPage capped at 100, as said in hydra:view). */
export function classicWindow(query: ClassicPageQuery): { first: number; offset: number; size: number } {
  const size = Math.min(query.itemsPerPage, CLASSIC_MAX_ITEMS_PER_PAGE);
  return { first: size, offset: (query.page - 1) * size, size };
}

/** A collection body; `path` is the collection's own path as the client called it (e.g. /products). */
export function hydraCollection<T>(path: string, members: T[], total: number, query: ClassicPageQuery, extra: Record<string, string> = {}) {
  const { size } = classicWindow(query);
  const last = Math.max(1, Math.ceil(total / size));
  const at = (page: number) => {
    const params = new URLSearchParams({ ...extra, itemsPerPage: String(size), page: String(page) });
    return `${path}?${params.toString()}`;
  };
  const view: Record<string, string> = { '@id': at(query.page), '@type': 'hydra:PartialCollectionView', 'hydra:first': at(1), 'hydra:last': at(last) };
  if (query.page > 1) view['hydra:previous'] = at(Math.min(query.page - 1, last));
  if (query.page < last) view['hydra:next'] = at(query.page + 1);
  return { 'hydra:member': members, 'hydra:totalItems': total, 'hydra:view': view };
}
