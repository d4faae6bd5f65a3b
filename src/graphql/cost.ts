// The GraphQL cost model, checked before execution (Apollo's didResolveOperation: the operation
// and its variables are known, nothing has run yet).
//
// Cost = the number of objects the query will produce, as the resolvers will produce them:
//   - a connection (`first`/`last`) yields as many nodes as it asks for: the literal, the
//     variable's value (or its default), else the default page size (25); capped at 100 like
//     the resolvers cap it. Its whole selection (nodes, edges, pageInfo, totalCount) counts
//     once per node.
//   - a list without paging (a link's line items, a plan's tiers, a tier's items, sales
//     channels) counts at its typical size (LIST_ESTIMATES; bounded by the write limits).
//   - a single object counts 1, a scalar 0, `totalCount` and loader-backed scalar lists 1.
//   - everything below a list counts once per object of that list: the cost of a relation is
//     the rows it produces, fetched in one batched statement per level (DataLoader), never one
//     request per parent.
// A query above MAX_COST objects is refused with a 400 before any resolver runs. A mutation
// request may hold at most MAX_MUTATION_FIELDS root mutation fields (aliases included).
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/pagination.ts';
import type { GraphQLContext } from './context.ts';

export const COST_LIMITS = {
  /** Objects one query may produce. */
  maxCost: 10_000,
  /** Root fields of one mutation operation. */
  maxMutationFields: 5,
  /** Size assumed for a list without paging that LIST_ESTIMATES does not name. */
  defaultListEstimate: 5,
};

/** Typical sizes of the lists without paging ("Type.field"); their hard caps are in the writes. */
export const LIST_ESTIMATES: Readonly<Record<string, number>> = {
  'CheckoutLink.lineItems': 5, // at most 20
  'Plan.tiers': 3, // at most 50
  'PlanTier.items': 3, // at most 100
  'Organisation.salesChannels': 5,
  'Query.salesChannels': 5,
  'Query.apiKeys': 20,
};

/** Fields whose own weight is nothing: their parent already counted the objects below them. */
const TRANSPARENT = new Set(['nodes', 'edges', 'node', 'pageInfo']);

const isConnection = (typeName: string) => typeName.endsWith('Connection');

/** The page size a connection field will use, as pagination.ts computes it. */
export function pageSizeOf(args: Record<string, unknown>): number {
  const asked = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  return Math.max(0, Math.min(MAX_PAGE_SIZE, Math.floor(asked)));
}

export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const named = getNamedType(field.type);
  const list = isListType(getNullableType(field.type));
  if (field.name === 'totalCount') return 1;
  if (!isCompositeType(named)) return list && field.name !== 'scopes' ? 1 : 0;
  if ((TRANSPARENT.has(field.name) && isConnection(type.name)) || (field.name === 'node' && type.name.endsWith('Edge'))) {
    return childComplexity;
  }
  if (isConnection(named.name)) return pageSizeOf(args) * (1 + childComplexity);
  if (list) return (LIST_ESTIMATES[`${type.name}.${field.name}`] ?? COST_LIMITS.defaultListEstimate) * (1 + childComplexity);
  return 1 + childComplexity;
};

/** The cost of `operationName` in `document` with `variables` (see above). */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string | null,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    ...(operationName ? { operationName } : {}),
    estimators: [costEstimator],
  });
}

/** Root fields of a mutation operation, through fragments; `__typename` does not write. */
export function mutationFieldCount(operation: OperationDefinitionNode, document: DocumentNode): number {
  if (operation.operation !== 'mutation') return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const seen = new Set<string>();
  const count = (set: SelectionSetNode): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n += sel.name.value === '__typename' ? 0 : 1;
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const fragment = fragments.get(sel.name.value);
        if (fragment) n += count(fragment.selectionSet);
      }
    }
    return n;
  };
  return count(operation.selectionSet);
}

const refuse = (message: string, reason: string, extra: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, ...extra, http: { status: 400 } } });

/**
 * Costs already computed (one cache per plugin, so per schema), per document (Apollo hands the
 * same parsed document back for the same query text) and per operation name + variables: the
 * cost is a function of those alone, and the analysis walks the whole document with the schema
 * (graphql-query-complexity). A few small variable sets per document are kept; large ones (a
 * mutation's input) and analyses that throw are not cached.
 */
const COSTS_PER_DOCUMENT = 64;
const MAX_KEY = 1024;

function costCache(schema: GraphQLSchema) {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return (document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null | undefined): number => {
    const key = `${operationName ?? ''}\n${variables ? JSON.stringify(variables) : ''}`;
    if (key.length > MAX_KEY) return queryCost(schema, document, variables, operationName);
    let byInput = costs.get(document);
    if (!byInput) costs.set(document, (byInput = new Map()));
    const known = byInput.get(key);
    if (known !== undefined) return known;
    const cost = queryCost(schema, document, variables, operationName);
    if (byInput.size >= COSTS_PER_DOCUMENT) byInput.delete(byInput.keys().next().value as string);
    byInput.set(key, cost);
    return cost;
  };
}

/** Refuses, before execution, operations above the cost limit or with too many mutations. */
export function costLimitPlugin(schema: GraphQLSchema, limits = COST_LIMITS): ApolloServerPlugin<GraphQLContext> {
  const cachedCost = costCache(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return; // Apollo refuses a request without a resolvable operation itself
          const mutations = mutationFieldCount(operation, document);
          if (mutations > limits.maxMutationFields) {
            throw refuse(`At most ${limits.maxMutationFields} mutations per request (found ${mutations}).`, 'QUERY__TOO_MANY_MUTATIONS', {
              maxMutations: limits.maxMutationFields,
              mutations,
            });
          }
          let cost: number;
          try {
            cost = cachedCost(document, request.variables, operation.name?.value ?? request.operationName);
          } catch (error) {
            // Variables that do not coerce: execution refuses them with BAD_USER_INPUT before any
            // resolver runs. Any other refusal of the analysis (e.g. too many nodes) is a 400.
            if (!(error instanceof GraphQLError)) throw error;
            if (error.message.startsWith('Variable "$')) return;
            throw refuse(error.message, 'QUERY__TOO_COSTLY', { maxCost: limits.maxCost });
          }
          if (cost > limits.maxCost) {
            throw refuse(
              `Query cost ${cost} exceeds the cost limit of ${limits.maxCost} (the objects it would produce; lower first/last or nest fewer lists).`,
              'QUERY__TOO_COSTLY',
              { cost, maxCost: limits.maxCost },
            );
          }
        },
      };
    },
  };
}
