// What a resolver's own field selects, for reads that can fetch more in the same statement when
// it is asked for (a connection's totalCount counted with its page, a link's line items read
// with the link).
import {
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

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

/** Fields allowed per object type: `{ LineItem: ['id', 'price'], ... }`. */
export type FieldAllowList = Readonly<Record<string, ReadonlySet<string>>>;

const onlyVerdicts = new WeakMap<FieldAllowList, WeakMap<OperationDefinitionNode, boolean>>();

/**
 * Whether the whole operation being executed selects only fields of `allowed` (every field of
 * every level, through fragments, @skip / @include not looked at: a field they may leave out
 * counts as selected). `__typename` is always allowed; an abstract type (interface, union) never.
 * For reads that can leave out what no allowed field's resolver reads (e.g. partial rows primed
 * into the operation's loaders). Computed once per operation.
 */
export function operationSelectsOnly(info: GraphQLResolveInfo, allowed: FieldAllowList): boolean {
  let verdicts = onlyVerdicts.get(allowed);
  if (!verdicts) onlyVerdicts.set(allowed, (verdicts = new WeakMap()));
  const known = verdicts.get(info.operation);
  if (known !== undefined) return known;
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, type: GraphQLObjectType): boolean => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name === '__typename') continue;
        if (!allowed[type.name]?.has(name)) return false;
        if (!s.selectionSet) continue;
        const child = getNamedType(type.getFields()[name]?.type);
        if (!isObjectType(child) || !walk(s.selectionSet, child)) return false;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (s.typeCondition && s.typeCondition.name.value !== type.name) return false;
        if (!walk(s.selectionSet, type)) return false;
      } else {
        const fragment = info.fragments[s.name.value];
        if (!fragment || fragment.typeCondition.name.value !== type.name) return false;
        // A fragment already walked on this type adds nothing.
        const key = `${s.name.value} ${type.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!walk(fragment.selectionSet, type)) return false;
      }
    }
    return true;
  };
  const root = info.schema.getRootType(info.operation.operation);
  const verdict = root ? walk(info.operation.selectionSet, root) : false;
  verdicts.set(info.operation, verdict);
  return verdict;
}
