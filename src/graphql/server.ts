// Apollo Server 5 with GraphQL Armor limits (depth, cost, aliases, directives, tokens).
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context.ts';

export const GRAPHQL_LIMITS = { maxDepth: 12, maxCost: 20_000, maxAliases: 20, maxDirectives: 20, maxTokens: 4_000 };

export interface ServerOptions {
  schema: GraphQLSchema;
  production: boolean;
  plugins?: ApolloServerPlugin<GraphQLContext>[];
  logError?: (error: unknown) => void;
}

const KNOWN_CODES = new Set([
  'NOT_FOUND', 'VALIDATION', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'IDEMPOTENCY_CONFLICT',
  'BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
]);

/** Never leak internals: unknown errors become a plain INTERNAL error (and are logged). */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logError?: (e: unknown) => void): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  logError?.(original);
  return { message: 'Internal server error.', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL' } };
}

export function createApolloServer(options: ServerOptions): ApolloServer<GraphQLContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    // Armor's token plugin throws from a parsing hook, which Apollo answers with a 500; the
    // parser's own limit (parseOptions below) fails the parse instead: a 400 syntax error.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  }).protect();
  return new ApolloServer<GraphQLContext>({
    schema: options.schema,
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    introspection: true,
    formatError: (formatted, error) => formatError(formatted, error, options.logError),
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
      ...(options.plugins ?? []),
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
}
