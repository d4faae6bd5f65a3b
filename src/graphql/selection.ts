// What a resolver's own field selects, for reads that can fetch more in the same statement when
// it is asked for (a connection's totalCount counted with its page, a link's line items read
// with the link).
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode } from 'graphql';

/**
 * Whether @skip / @include leave `node` in, with the request's variables. A variable the info does
 * not carry counts as "in": reading what is then not asked for costs a little, never an answer.
 */
function included(node: SelectionNode, variables: Record<string, unknown> | undefined): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if')?.value;
    let value: unknown;
    if (arg?.kind === Kind.BOOLEAN) value = arg.value;
    else if (arg?.kind === Kind.VARIABLE) value = variables?.[arg.name.value];
    if (typeof value !== 'boolean') continue;
    if (name === 'skip' ? value : !value) return false;
  }
  return true;
}

/**
 * Whether the field being resolved selects the path `names` (e.g. 'totalCount', or 'nodes' then
 * 'lineItems'), through fragments too, leaving out what @skip / @include leave out.
 */
export function selects(info: GraphQLResolveInfo, ...names: string[]): boolean {
  const variables = info.variableValues as Record<string, unknown> | undefined;
  /** The fields named `name` in `set`, through fragments. */
  const fieldsOf = (set: SelectionSetNode | undefined, name: string, out: FieldNode[], seen: Set<string>): void => {
    for (const s of set?.selections ?? []) {
      if (!included(s, variables)) continue;
      if (s.kind === Kind.FIELD) {
        if (s.name.value === name) out.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) fieldsOf(s.selectionSet, name, out, seen);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        fieldsOf(info.fragments[s.name.value]?.selectionSet, name, out, seen);
      }
    }
  };
  let fields: readonly FieldNode[] = info.fieldNodes;
  for (const name of names) {
    const next: FieldNode[] = [];
    for (const field of fields) fieldsOf(field.selectionSet, name, next, new Set());
    if (next.length === 0) return false;
    fields = next;
  }
  return true;
}
