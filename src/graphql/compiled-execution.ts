// Query execution compiled once per document (graphql-jit): the second run of a query document
// compiles its selection into a JavaScript function for this schema (resolvers, abstract types,
// leaf serialisers, non-null handling and error paths included); later runs call the function,
// without graphql-js's per-field walk of the document. The first run is graphql-js's: compiling
// costs several executions (~5 ms for the bench's deep query), so a document sent once (a client
// varying its query text on every request) is never compiled. Used by /graphql (through Apollo, see
// server.ts) and by the faces' in-process operations (GatewayCore.execute).
//
// graphql-js runs what the compiled form would not answer the same way:
//   - mutations and subscriptions (serial root fields; rare next to reads, and written once);
//   - a document without a resolvable operation (graphql-js's own error for it);
//   - introspection (`__schema`, `__type`): graphql-js's introspection resolvers, as before;
//   - variables inside an argument literal (`f(input: { x: $v })`): graphql-jit does not
//     substitute variables inside custom scalar literals (JSONObject), so any such document;
//   - variables that do not coerce: graphql-js's BAD_USER_INPUT errors, word for word (the faces'
//     own typed variables are checked by graphql-js only once graphql-jit has refused them);
//   - a document graphql-jit cannot compile.
// One difference remains, allowed by the spec: the errors of an answer may come in another order
// (graphql-jit lists the null-propagation errors, "Cannot return null for ...", last).
import {
  BREAK,
  execute as executeJs,
  getOperationAST,
  getVariableValues,
  Kind,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { introspects } from './introspects.ts';
import { isPromiseLike } from './maybe-async.ts';

export interface ExecuteArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Readonly<Record<string, unknown>> | null;
  contextValue: unknown;
  /**
   * The variables come from the gateway's own typed code (the faces' operations), not from a
   * client: see executeCompiled.
   */
  typedVariables?: boolean;
}

interface Plan {
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
}

/** Marks an operation run once: compiled on its next run. */
const SEEN_ONCE = Symbol('seen once');

/** Plans per schema and document, per operation name (null: graphql-js runs it). */
const plans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Plan | null | typeof SEEN_ONCE>>>();

/** Whether the compiled form answers this operation as graphql-js does (see above). */
function compilable(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query' || introspects(operation)) return false;
  let ok = true;
  visit(operation, {
    Argument(node) {
      if (node.value.kind !== Kind.OBJECT && node.value.kind !== Kind.LIST) return false; // no need to look inside
      let nested = false;
      visit(node.value, {
        Variable() {
          nested = true;
          return BREAK;
        },
      });
      if (nested) {
        ok = false;
        return BREAK;
      }
      return false;
    },
  });
  return ok;
}

/** The compiled plan of `operationName` in `document` (compiled on its second run; `now`: at once), or null. */
function planOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, now = false): Plan | null {
  let byDocument = plans.get(schema);
  if (!byDocument) plans.set(schema, (byDocument = new WeakMap()));
  let byName = byDocument.get(document);
  if (!byName) byDocument.set(document, (byName = new Map()));
  const key = operationName ?? '';
  const known = byName.get(key);
  if (known === undefined && !now) {
    byName.set(key, SEEN_ONCE);
    return null;
  }
  if (known !== undefined && known !== SEEN_ONCE) return known;
  let plan: Plan | null = null;
  const operation = getOperationAST(document, operationName);
  if (operation && compilable(operation)) {
    const compiled = compileQuery(schema, document, operationName ?? undefined);
    if (isCompiledQuery(compiled)) plan = { operation, compiled };
  }
  byName.set(key, plan);
  return plan;
}

/** Whether `operationName` of `document` runs compiled from its second run on (compiles it now). */
export function runsCompiled(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  return planOf(schema, document, operationName, true) !== null;
}

/**
 * The compiled plan's answer for an operation of a validated document, or null when graphql-js
 * must run it (not compiled yet or not compilable, see above; variables that do not coerce).
 */
export function executeCompiled(args: ExecuteArgs): Promise<ExecutionResult> | ExecutionResult | null {
  const { schema, document, operationName, variableValues, contextValue } = args;
  const plan = planOf(schema, document, operationName);
  if (!plan) return null;
  const variables = variableValues ?? {};
  const definitions = plan.operation.variableDefinitions;
  const coerces = () => !getVariableValues(schema, definitions ?? [], variables, { maxErrors: 50 }).errors;
  if (!definitions?.length) return run(plan, contextValue, variables);
  // A client's variables: coerced by graphql-js first, for its errors (and their codes) when they
  // do not coerce (graphql-jit coerces them again, as it runs).
  if (!args.typedVariables) return coerces() ? run(plan, contextValue, variables) : null;
  // The gateway's own (typed) variables coerce: graphql-js's pass is only made when graphql-jit's
  // refused them (an answer without data: nothing ran), to answer as before. ~2-7 µs of each
  // face's operation otherwise.
  const answer = run(plan, contextValue, variables);
  if (isPromiseLike(answer) || 'data' in answer) return answer;
  return coerces() ? answer : null;
}

function run(plan: Plan, contextValue: unknown, variables: Readonly<Record<string, unknown>>): Promise<ExecutionResult> | ExecutionResult {
  return plan.compiled.query(undefined, contextValue, variables) as Promise<ExecutionResult> | ExecutionResult;
}

/** Runs an operation on graphql-js (its own answer, word for word). */
export function executeWithGraphqlJs(args: ExecuteArgs): Promise<ExecutionResult> | ExecutionResult {
  const { schema, document, operationName, variableValues, contextValue } = args;
  return executeJs({ schema, document, operationName, variableValues: variableValues ?? {}, contextValue });
}

/** Executes an operation of a validated document: compiled when it can be, else graphql-js. */
export function executeOperation(args: ExecuteArgs): Promise<ExecutionResult> | ExecutionResult {
  return executeCompiled(args) ?? executeWithGraphqlJs(args);
}
