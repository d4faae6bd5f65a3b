// GraphQL subscriptions over graphql-ws on /graphql (the HTTP upgrade of the same path Apollo
// answers). The API key comes in connectionParams ({ authorization: "Bearer sk_…" } or
// { apiKey: "sk_…" }); a connection without a valid key is refused (4403). Only subscription
// operations run here (queries and mutations go over HTTP, with its rate limits and
// idempotency), under the same depth / cost / alias limits as HTTP.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FastifyInstance } from 'fastify';
import type { Orm } from '../db/orm.ts';
import type { Config } from '../config.ts';
import { authenticate, type AuthResult } from '../http/auth.ts';
import type { KeyCache } from '../http/key-cache.ts';
import type { GraphQLContext } from './context.ts';
import { createLoaders } from './loaders.ts';
import { GRAPHQL_LIMITS } from './server.ts';

const PATH = '/graphql';
/** Open subscriptions per connection. */
const MAX_SUBSCRIPTIONS = 20;

export interface SubscriptionServerOptions {
  app: FastifyInstance;
  schema: GraphQLSchema;
  orm: Orm;
  config: Config;
  keyCache: KeyCache;
}

function credential(params: Record<string, unknown> | undefined): string | undefined {
  const raw = params?.authorization ?? params?.Authorization ?? params?.apiKey;
  if (typeof raw !== 'string') return undefined;
  return /^(Bearer|Basic) /i.test(raw) ? raw : `Bearer ${raw}`;
}

export function registerSubscriptionServer({ app, schema, orm, config, keyCache }: SubscriptionServerOptions): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const rules = [
    ...specifiedRules,
    ...new ApolloArmor({
      maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
      costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
      maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
      maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
      maxTokens: { enabled: false },
    }).protect().validationRules,
  ];
  const callers = new WeakMap<WebSocket, AuthResult>();
  const open = new WeakMap<WebSocket, number>();

  const server = useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema,
      async onConnect(ctx) {
        const em = orm.em.fork();
        const caller = await authenticate(em, credential(ctx.connectionParams), config.adminToken, keyCache);
        if (caller.status !== 'valid' || !caller.principal) return false;
        callers.set(ctx.extra.socket, caller);
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        const count = open.get(ctx.extra.socket) ?? 0;
        if (count >= MAX_SUBSCRIPTIONS) return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS} subscriptions per connection.`)];
        let document;
        try {
          document = parse(payload.query, { maxTokens: GRAPHQL_LIMITS.maxTokens });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Syntax error.')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') return [new GraphQLError('Only subscriptions run over WebSocket; send queries and mutations over HTTP.')];
        open.set(ctx.extra.socket, count + 1);
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables ?? undefined };
      },
      onComplete(ctx) {
        open.set(ctx.extra.socket, Math.max(0, (open.get(ctx.extra.socket) ?? 1) - 1));
      },
      context(ctx): GraphQLContext {
        const caller = callers.get(ctx.extra.socket)!;
        const em = orm.em.fork();
        em.setFilterParams('tenant', { organisationId: caller.principal!.organisationId, mode: caller.principal!.mode });
        return { em, principal: caller.principal, operator: false, publicUrl: config.publicUrl, loaders: createLoaders(em) };
      },
    },
    wss,
  );

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path !== PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
    await server.dispose();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}
