// Scopes on every field, whatever the path: at schema build, every field that yields an object
// of a scoped type (directly, in a list, or through an interface such as `node`) is wrapped once
// so its value is answered only to a caller holding that type's read scope. The services check
// the root queries and mutations as before; this closes the paths around them (node(id), and
// relations such as Product.prices, Price.checkoutLinkIds' links, CheckoutLink.plan).
//
// - In a query, a type needs one of its `read` scopes.
// - In a mutation's answer, one of its `write` scopes does as well: what a key may change, it
//   may see in the answer of the change (createCart's session with cart:write). Relations of
//   other types still need their own scopes.
// - Objects of a mutation payload's own field (CheckoutLinkPayload.checkoutLink, …) are what the
//   mutation, which checked its write scope, just wrote: they are not checked again.
// - The operator (ADMIN_TOKEN) passes; it sees no tenant's rows anyway.
// - Objects published by Query.publicCheckoutLink (the link and its plan) are public.
import type { ApolloServerPlugin } from '@apollo/server';
import {
  defaultFieldResolver,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';
import { forbidden, unauthenticated } from '../domain/errors.ts';
import type { Scope } from '../domain/principal.ts';
import type { GraphQLContext } from './context.ts';
import { toGraphQLError } from './errors.ts';

interface Rule {
  /** Any of these lets a caller read the type. */
  read: readonly Scope[];
  /** Any of these lets a caller read the type in the answer of a mutation. */
  write: readonly Scope[];
}

const rule = (read: Scope[], write: Scope[] = []): Rule => ({ read, write });
const EVERY_READ: Scope[] = ['checkout-link:read', 'plan:read', 'product:read', 'price:read'];

/** The read scope of each type ("any key" for Organisation and Viewer: a key may know whose it is). */
export const TYPE_SCOPES: Readonly<Record<string, Rule | 'any-key'>> = {
  Product: rule(['product:read'], ['product:write']),
  Price: rule(['price:read'], ['price:write']),
  Plan: rule(['plan:read'], ['plan:write']),
  PlanTier: rule(['plan:read'], ['plan:write']),
  PlanTierItem: rule(['plan:read'], ['plan:write']),
  CheckoutLink: rule(['checkout-link:read'], ['checkout-link:write']),
  LineItem: rule(['checkout-link:read'], ['checkout-link:write']),
  // Buyer data (email, company, address): link readers only, not cart writers.
  CheckoutSession: rule(['checkout-link:read'], ['cart:write']),
  ApiKey: rule(['api-key:write'], ['api-key:write']),
  // The channels a catalog and its links live in: any read scope of them.
  SalesChannel: rule(EVERY_READ, ['checkout-link:write']),
  // Events and deliveries: event readers; endpoints: webhook readers (resendEvent answers deliveries to webhook writers).
  Event: rule(['event:read'], ['webhook:write']),
  WebhookDelivery: rule(['event:read'], ['webhook:write']),
  WebhookEndpoint: rule(['webhook:read'], ['webhook:write']),
  Organisation: 'any-key',
  Viewer: 'any-key',
  // Which vendor account ids stand for the organisation: faces check a client's id with any key.
  VendorAccountAlias: 'any-key',
};

/** Scalar fields that reveal another type's objects (their ids): checked as that type. */
const REVEALS: Readonly<Record<string, string>> = { 'Price.checkoutLinkIds': 'CheckoutLink' };

/** Root fields readable without these checks: public by design. */
const PUBLIC_FIELDS = new Set(['Query.publicCheckoutLink']);

/** Marks objects a public field hands out (read without a key). */
export function publish(ctx: GraphQLContext, ...objects: object[]): void {
  const published = (ctx.published ??= new WeakSet());
  for (const o of objects) published.add(o);
}

function allowed(typeName: string, ctx: GraphQLContext, mutation: boolean): Scope | null | true {
  const r = TYPE_SCOPES[typeName];
  if (!r || ctx.operator) return true;
  const principal = ctx.principal;
  if (!principal) return null;
  if (r === 'any-key') return true;
  for (const s of r.read) if (principal.scopes.has(s)) return true;
  if (mutation) for (const s of r.write) if (principal.scopes.has(s)) return true;
  return r.read[0] as Scope;
}

function check(value: unknown, typeName: string | null, ctx: GraphQLContext, mutation: boolean): void {
  if (typeName === null || (value !== null && (ctx.published?.has(value as object) ?? false))) return;
  const verdict = allowed(typeName, ctx, mutation);
  if (verdict === true) return;
  throw toGraphQLError(verdict === null ? unauthenticated() : forbidden(`This key lacks the "${verdict}" scope.`));
}

type Resolve = GraphQLFieldResolver<unknown, GraphQLContext>;

/** Wraps every field that yields a scoped type (see above); returns the same schema. */
export function applyFieldScopes(schema: GraphQLSchema): GraphQLSchema {
  const scoped = new Set(Object.keys(TYPE_SCOPES));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const payload = type.name.endsWith('Payload');
    for (const field of Object.values(type.getFields())) {
      if (payload || PUBLIC_FIELDS.has(`${type.name}.${field.name}`)) continue;
      const revealed = REVEALS[`${type.name}.${field.name}`];
      const named = revealed ? { name: revealed } : getNamedType(field.type);
      const abstract = isAbstractType(named) && schema.getPossibleTypes(named).some((t) => scoped.has(t.name));
      if (!abstract && !scoped.has(named.name)) continue;
      const resolve: Resolve = (field.resolve as Resolve | undefined) ?? defaultFieldResolver;
      /** The concrete type name of one value of this field. */
      const typeOf = (value: unknown, ctx: GraphQLContext, info: Parameters<Resolve>[3]): string | null => {
        if (!abstract) return named.name;
        const resolved = isAbstractType(named) ? named.resolveType?.(value, ctx, info, named) : undefined;
        return typeof resolved === 'string' ? resolved : null;
      };
      const guard = (value: unknown, ctx: GraphQLContext, info: Parameters<Resolve>[3]): unknown => {
        if (value === null || value === undefined) return value;
        const mutation = info.operation.operation === 'mutation';
        if (Array.isArray(value)) {
          if (!abstract && !ctx.published) {
            if (value.length > 0) check(value[0], named.name, ctx, mutation); // one type, one verdict
            return value;
          }
          for (const item of value) if (item != null) check(item, typeOf(item, ctx, info), ctx, mutation);
        } else {
          check(value, typeOf(value, ctx, info), ctx, mutation);
        }
        return value;
      };
      field.resolve = (source, args, ctx, info) => {
        // A caller who may read the type passes every value of a field of one type: the value is
        // handed on as the resolver made it (no promise added per field and object).
        if (!abstract && allowed(named.name, ctx, info.operation.operation === 'mutation') === true) return resolve(source, args, ctx, info);
        const result = resolve(source, args, ctx, info);
        return result instanceof Promise ? result.then((v) => guard(v, ctx, info)) : guard(result, ctx, info);
      };
    }
  }
  return schema;
}

// ------------------------------------------------------------------ mutations: checked up front
// The wrappers above check an answer as it is resolved, which for a mutation is after the write
// committed: a key allowed to write a link but not to read prices would get a 403 for a link that
// now exists. So, before a mutation runs, every scoped type its selection can reach (outside the
// payload's own objects, as above) is checked against the key; a refusal writes nothing.

/** The scoped types a mutation's answer reaches, per document and operation (cached). */
const reachedTypes = new WeakMap<DocumentNode, Map<string, readonly string[]>>();

function typesReached(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): readonly string[] {
  let perOperation = reachedTypes.get(document);
  if (!perOperation) reachedTypes.set(document, (perOperation = new Map()));
  const key = operation.name?.value ?? '';
  const known = perOperation.get(key);
  if (known) return known;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (parent: GraphQLNamedType, selections: readonly SelectionNode[]): void => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    for (const s of selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        if (on) walk(on, s.selectionSet.selections);
        continue;
      }
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        const on = f && schema.getType(f.typeCondition.name.value);
        if (f && on && !seen.has(`${parent.name}/${f.name.value}`)) {
          seen.add(`${parent.name}/${f.name.value}`);
          walk(on, f.selectionSet.selections);
        }
        continue;
      }
      const field = parent.getFields()[s.name.value];
      if (!field) continue;
      const revealed = REVEALS[`${parent.name}.${field.name}`];
      const named = revealed ? schema.getType(revealed) : getNamedType(field.type);
      if (!named) continue;
      // The root mutation field and a payload's own objects: checked by the service (see above).
      const checked = parent !== schema.getMutationType() && !parent.name.endsWith('Payload');
      if (checked && TYPE_SCOPES[named.name]) found.add(named.name);
      if (s.selectionSet) walk(named, s.selectionSet.selections);
    }
  };
  const root = schema.getMutationType();
  if (root) walk(root, operation.selectionSet.selections);
  const list = [...found];
  perOperation.set(key, list);
  return list;
}

/**
 * Throws FORBIDDEN (a GraphQLError) when a mutation's selection reaches a type the caller may not
 * read, before anything is written. Queries and subscriptions are checked as they resolve.
 */
export function checkMutationSelection(schema: GraphQLSchema, document: DocumentNode, ctx: GraphQLContext, operationName?: string | null): void {
  if (ctx.operator || !ctx.principal) return;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation || operation.operation !== 'mutation') return;
  for (const typeName of typesReached(schema, document, operation)) check(null, typeName, ctx, true);
}

/** The same check as an Apollo plugin, for /graphql. */
export function mutationScopesPlugin(schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue, operationName }) {
          try {
            checkMutationSelection(schema, document, contextValue, operationName);
          } catch (error) {
            // A refusal of the whole request: no data, HTTP 403 (the code stays FORBIDDEN).
            const e = error as GraphQLError;
            throw new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status: 403 } } });
          }
        },
      };
    },
  };
}
