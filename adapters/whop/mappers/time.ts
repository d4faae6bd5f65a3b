// GraphQL DateTime values executed in-process may arrive as Date objects (the scalar's
// serialize) or ISO strings; Whop shows ISO 8601 strings.
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
