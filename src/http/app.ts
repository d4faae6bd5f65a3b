// The Fastify app: /graphql, the dialects, health. One process, one executable schema.
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { executeOperation } from '../graphql/compiled-execution.ts';
import { checkMutationSelection } from '../graphql/field-scopes.ts';
import { buildSchema } from '../graphql/schema.ts';
import { createApolloServer } from '../graphql/server.ts';
import { storefrontGuard } from '../graphql/storefront-guard.ts';
import type { GatewayCore } from '../contract/gateway-core.ts';
import { registerDocs } from './docs.ts';
import { accessLogOptions, logDestination, loggerOptions } from './access-log.ts';
import { registerRateLimit } from './rate-limit.ts';
import { graphqlInputGuard, registerInputGuard, routablePath } from './input-guard.ts';
import { createIdempotencyStore } from './idempotency.ts';
import { declareRequestState, requestContexts } from './request-context.ts';
import { KeyCache } from './key-cache.ts';
import { watchApiKeys, type ApiKeySignal } from '../db/api-key-signal.ts';
import { schedulePurge } from './purge.ts';
import { refuseSecretsInUrl } from './url-secrets.ts';
import { DIALECTS, registerFaces, webhookFormatsOf } from './faces.ts';
import type { Dialect } from './faces.ts';
import { startWebhookRuntime } from '../webhooks/runtime.ts';
import { registerSubscriptionServer } from '../graphql/subscription-server.ts';

import { registerGraphiql } from './graphiql.ts';
import { registerGraphqlReference } from './graphql-reference.ts';
import { lazySerializers } from './lazy-serializers.ts';

export const BODY_LIMIT = 1024 * 1024;
const GRAPHQL_PATH = '/graphql';

export interface AppOptions {
  config: Config;
  orm: Orm;
  logger?: boolean;
  /** The REST dialects to serve (default: every face of src/http/faces.ts). */
  dialects?: readonly Dialect[];
}

export async function buildApp({ config, orm, logger = true, dialects = DIALECTS }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // Slow clients: the whole request (headers and body) within REQUEST_TIMEOUT_MS, checked every
    // second; idle kept-alive sockets closed after KEEP_ALIVE_TIMEOUT_MS.
    requestTimeout: config.timeouts.request,
    keepAliveTimeout: config.timeouts.keepAlive,
    connectionTimeout: config.timeouts.connection,
    http: { headersTimeout: config.timeouts.headers, connectionsCheckingInterval: Math.min(1000, config.timeouts.request) },
    // X-Forwarded-For only from the proxies TRUST_PROXY names (none by default): the per-IP rate limit
    // must not take the client's word for its address.
    trustProxy: config.trustProxy,
    rewriteUrl: (request) => routablePath(request.url ?? '/'),
    // Response serializers compile on first use (lazy-serializers.ts); validators do too (adapters/kernel/validation.ts).
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
    ...accessLogOptions(),
    logger: logger ? { ...loggerOptions(config.logLevel), stream: logDestination() } : false,
  });
  const schema = buildSchema();
  let signal: ApiKeySignal | undefined;
  const keyCache = new KeyCache({ live: () => signal?.live() ?? false });
  signal = await watchApiKeys(orm, keyCache, app.log);
  app.addHook('onClose', async () => signal?.close());
  const stopPurge = schedulePurge(orm, config.purge, app.log);
  app.addHook('onClose', async () => stopPurge());
  // Events and webhooks: the outbox recorder, the delivery worker, the expiry sweeper.
  const webhooks = await startWebhookRuntime(orm, config, webhookFormatsOf(dialects), app.log);
  app.addHook('onClose', async () => webhooks.close());
  declareRequestState(app);
  const contexts = requestContexts(orm, config, keyCache);
  const core: GatewayCore = {
    schema,
    publicUrl: config.publicUrl,
    context: (request) => contexts.graphql(request),
    refuseBeforeRun: (document, context) => checkMutationSelection(schema, document, context as GraphQLContext),
    execute: (document, variableValues, contextValue) => executeOperation({ schema, document, variableValues, contextValue, typedVariables: true }),
    // The REST faces take secret keys only: a publishable key is refused there like a bad key.
    auth: async (request) => {
      const caller = await contexts.auth(request);
      return caller.principal?.kind === 'publishable' ? { status: 'invalid', principal: null, operator: false } : caller;
    },
    idempotency: createIdempotencyStore(orm),
    atomic: (request, work) => contexts.atomic(request, work),
  };

  await app.register(cors, { origin: true, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], maxAge: 600 });
  const redisHealth = await registerRateLimit(app, config, contexts.auth);
  registerInputGuard(app);
  refuseSecretsInUrl(app);

  // A fallback for routes without their own error handler: no stack traces, no Fastify internals.
  // Errors raised before Apollo runs on /graphql (429 from the rate limit, 413, a body that is not
  // JSON) answer in GraphQL's shape, `{ errors: [{ message, extensions: { code } }] }`, like Apollo's
  // own errors; headers set before the error (Retry-After, X-RateLimit-*) stay.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    const code = status === 500 ? 'INTERNAL' : status === 429 ? 'RATE_LIMITED' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    const message = status === 500 ? 'Internal server error.' : error.message;
    const graphql = request.url.split('?', 1)[0] === GRAPHQL_PATH;
    void reply.status(status).send(graphql ? { errors: [{ message, extensions: { code } }] } : { error: { code, message } });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
  });

  const apollo = createApolloServer({
    schema,
    production: config.production,
    // No cache hints in this schema: without the cache-control plugin Apollo doesn't wrap every
    // field resolver (its willResolveField instrumentation was ~10% of a nested query's CPU).
    // Inline tracing is for federated subgraphs only (this schema is none): installed explicitly as
    // disabled, Apollo does not load it, and its protobuf modules, at every start (~100 ms of CPU).
    plugins: [
      fastifyApolloDrainPlugin(app),
      graphqlInputGuard,
      storefrontGuard,
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
    logError: (error) => app.log.error({ err: error }, 'graphql internal error'),
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    context: async (request) => {
      const caller = await contexts.auth(request);
      if (caller.status === 'invalid') {
        throw new GraphQLError('Invalid API key.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      return contexts.graphql(request);
    },
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await orm.em.getConnection().execute('select 1');
      // Redis down is degraded, not unready: the gateway serves, its limits count per process.
      return redisHealth ? { status: 'ready', redis: redisHealth.state } : { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  registerSubscriptionServer({ app, schema, orm, config, keyCache });
  await registerFaces(app, core, { schema, context: (request) => contexts.page(request) }, dialects);
  registerDocs(app, config.publicUrl, dialects);
  registerGraphqlReference(app, schema, config.publicUrl);
  registerGraphiql(app);
  return app;
}
