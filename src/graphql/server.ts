// Apollo Server 5 with GraphQL Armor limits (depth, aliases, directives, tokens) and the cost
// model of cost.ts (list sizes from literals, variables or defaults; checked before execution).
// Apollo parses, validates (documents cached per query text), runs the plugins and formats the
// answer as usual; queries run compiled per document (compiled-execution.ts) from a plugin's
// responseForOperation hook, everything else through Apollo's executor seam (see below).
import { ApolloServer, HeaderMap, type ApolloServerOptionsWithGateway, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { ERROR_CODES, type ErrorCode } from '../contract/errors.ts';
import { executeCompiled, executeWithGraphqlJs } from './compiled-execution.ts';
import type { GraphQLContext } from './context.ts';
import { COST_LIMITS, costLimitPlugin } from './cost.ts';
import { mutationScopesPlugin } from './field-scopes.ts';
import { introspects } from './introspects.ts';

export const GRAPHQL_LIMITS = { maxDepth: 12, maxCost: COST_LIMITS.maxCost, maxAliases: 20, maxDirectives: 20, maxTokens: 4_000 };

export interface ServerOptions {
  schema: GraphQLSchema;
  production: boolean;
  plugins?: ApolloServerPlugin<GraphQLContext>[];
  logError?: (error: unknown) => void;
}

/** Apollo's own codes of a request it refused before running a resolver. */
const APOLLO_REQUEST_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
];

/** Codes shown to the client as they are: the error model's (src/contract/errors.ts) but INTERNAL, and Apollo's. */
const KNOWN_CODES = new Set<string>([...ERROR_CODES.filter((code) => code !== 'INTERNAL'), ...APOLLO_REQUEST_CODES]);

/** Codes of a request GraphQL refused before running a resolver: the client's fault, a 400. */
const REQUEST_ERROR_CODES = new Set<string>(['BAD_REQUEST' satisfies ErrorCode, ...APOLLO_REQUEST_CODES]);

/**
 * Whether an error without a known code is GraphQL refusing the request itself (e.g. "Schema is
 * not configured to execute subscription operation.", "Too many errors processing variables"):
 * a GraphQLError outside any field (no path) that no exception caused (no original error, or a
 * GraphQLError). A field error (with a path) or one caused by a plain Error is a server failure.
 */
export function isClientRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.path !== undefined) return false;
  const original = error.originalError;
  return original === undefined || original === null || original instanceof GraphQLError;
}

/** Never leak internals: unknown errors become a plain INTERNAL error (and are logged). */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logError?: (e: unknown) => void): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
  if (typeof code === 'string' && KNOWN_CODES.has(code)) return { ...formatted, extensions };
  if (isClientRequestError(error)) {
    const variables = /^(Variable "\$|Too many errors processing variables)/.test(formatted.message);
    return { ...formatted, extensions: { ...extensions, code: variables ? 'BAD_USER_INPUT' : 'BAD_REQUEST' } };
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  logError?.(original);
  return { message: 'Internal server error.', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL' } };
}

/**
 * Apollo answers 400 for request errors only when there is no `data`; GraphQL refusing to run
 * the operation at all (a subscription on a schema without one) gives `data: null` and a 200.
 * A response without data whose every error is such a request error is a 400 too.
 */
export const requestErrorStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      // Subscriptions run over graphql-ws (a WebSocket on /graphql); over HTTP they are a 400.
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws protocol) on /graphql, not over HTTP POST.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || (response.http.status ?? 200) !== 200) return;
        const { data, errors } = response.body.singleResult;
        if (data != null || !errors?.length) return;
        const refused = errors.every((e) => e.path === undefined && REQUEST_ERROR_CODES.has(String(e.extensions?.code)));
        if (refused) response.http.status = 400;
      },
    };
  },
};

/** In production, introspection needs a key (or the ADMIN_TOKEN): anonymous callers get 401. */
export const introspectionNeedsKeyPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, contextValue }) {
        if (contextValue.principal || contextValue.operator || !introspects(document)) return;
        throw new GraphQLError('Introspection needs an API key.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      },
    };
  },
};

/**
 * A compiled answer with errors, handed from the compiled-execution plugin to the executor below
 * (a thunk: a thrown execution failure is rethrown there, where Apollo catches it as before).
 */
const COMPILED_ANSWER = Symbol('compiled answer');
type AnswerCarrier = { [COMPILED_ANSWER]?: () => ExecutionResult };

/**
 * Runs queries compiled (compiled-execution.ts) from Apollo's `responseForOperation` hook: after
 * parsing, validation and every plugin's didResolveOperation check, before Apollo's own execution.
 *
 * Why not only the executor seam below: Apollo builds the executor's argument with a getter and a
 * setter for the response status as closures over the request context
 * (makeGatewayGraphQLRequestContext). V8 keeps such per-call accessor pairs reachable from old
 * space until a full collection, so every request executed through the seam (its context, loaders,
 * rows and result) survived the young collections and was copied to old space: 16% of the bytes a
 * first:50 request allocates, scavenges of ~20 ms, measured with --trace-gc-nvp. Answers taken
 * here skip that argument.
 *
 * An answer without errors is the response. An answer with errors goes on through Apollo's
 * execution (the executor below hands it over), so Apollo formats and counts its errors (and sets
 * their HTTP status) exactly as for graphql-js's; the query does not run twice.
 */
export function compiledExecutionPlugin(schema: GraphQLSchema): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ document, request, contextValue }) {
          const args = { schema, document, operationName: request.operationName, variableValues: request.variables, contextValue };
          let result: ExecutionResult;
          try {
            const answer = executeCompiled(args);
            if (answer === null) return null; // graphql-js runs it (the executor below)
            result = await answer;
          } catch (error) {
            (contextValue as AnswerCarrier)[COMPILED_ANSWER] = () => {
              throw error;
            };
            return null;
          }
          if (result.errors?.length) {
            (contextValue as AnswerCarrier)[COMPILED_ANSWER] = () => result;
            return null;
          }
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: result } };
        },
      };
    },
  };
}

/**
 * Apollo's "gateway" seam, used for one thing: its executor. The schema is this process's own,
 * loaded once. It runs what the compiled-execution plugin did not answer: the compiled answers
 * with errors it hands over, and on graphql-js every operation not compiled (see
 * compiled-execution.ts).
 */
export function compiledExecutor(schema: GraphQLSchema): ApolloServerOptionsWithGateway<GraphQLContext>['gateway'] {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async (request) => {
          const carrier = request.context as AnswerCarrier;
          const handed = carrier[COMPILED_ANSWER];
          if (handed) {
            carrier[COMPILED_ANSWER] = undefined;
            return handed();
          }
          return executeWithGraphqlJs({
            schema,
            document: request.document,
            operationName: request.request.operationName,
            variableValues: request.request.variables,
            contextValue: request.context,
          });
        },
      };
    },
    async stop() {},
  };
}

export function createApolloServer(options: ServerOptions): ApolloServer<GraphQLContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
    // Armor's cost limit multiplies only literal first/last: cost.ts replaces it.
    costLimit: { enabled: false },
    // Every alias counts, `__typename` too (Armor lets that one through by default).
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, allowList: [] },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    // Armor's token plugin throws from a parsing hook, which Apollo answers with a 500; the
    // parser's own limit (parseOptions below) fails the parse instead: a 400 syntax error.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  }).protect();
  return new ApolloServer<GraphQLContext>({
    gateway: compiledExecutor(options.schema),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    introspection: true,
    formatError: (formatted, error) => formatError(formatted, error, options.logError),
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
      requestErrorStatusPlugin,
      costLimitPlugin(options.schema),
      mutationScopesPlugin(options.schema),
      ...(options.production ? [introspectionNeedsKeyPlugin] : []),
      ...(options.plugins ?? []),
      compiledExecutionPlugin(options.schema),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
}
