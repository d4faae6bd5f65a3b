// expand[] as Stripe defines it: `expand[]=line_items` on one object, `expand[]=data.line_items`
// on a list. A path the route cannot expand is refused with Stripe's words ("This property
// cannot be expanded (…)."), with a hint to the `data.` form on a list.
import { notExpandable } from '../errors.ts';

/** The JSON schema of `expand` (query string or body): at most 10 dotted paths. */
export const expandProperty = {
  type: 'array',
  maxItems: 10,
  items: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

/**
 * The expansions asked for, checked against `allowed` (e.g. ['line_items'], or
 * ['data.line_items'] on a list); the first unknown one is a 400 on `expand`.
 */
export function expansions(expand: readonly string[] | null | undefined, allowed: readonly string[]): Set<string> {
  const asked = new Set<string>();
  for (const path of expand ?? []) {
    if (!allowed.includes(path)) {
      const hint = allowed.includes(`data.${path}`) ? ` You may want to try expanding 'data.${path}' instead.` : '';
      throw notExpandable(`This property cannot be expanded (${path}).${hint}`);
    }
    asked.add(path);
  }
  return asked;
}
