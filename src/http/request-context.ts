// Per request: one forked EntityManager with the tenant filter set from the caller's key.
import type { EntityManager } from '@mikro-orm/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Orm } from '../db/orm.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { createLoaders } from '../graphql/loaders.ts';
import { retryingSlugRaces } from '../domain/services/checkout-links/write.ts';
import { primeLoaders } from '../graphql/prime-loaders.ts';
import { authenticate, type AuthResult } from './auth.ts';
import type { KeyCache } from './key-cache.ts';

/** Matches no organisation: anonymous and operator requests see no tenant rows. */
const NOBODY = { organisationId: '00000000-0000-0000-0000-000000000000', mode: 'test' as const };

interface RequestState {
  em: EntityManager;
  /** The transaction of `atomic` while it runs: GraphQL contexts made meanwhile use it. */
  tx?: EntityManager;
  auth?: Promise<AuthResult>;
}

/**
 * The state rides on the request itself (a property declared once, see `declareRequestState`):
 * cheaper than a WeakMap entry per request (a get and a set on every request, profiled at ~0.5%
 * of a sequential retrieve's CPU).
 */
const STATE = Symbol('request state');
type Stateful = FastifyRequest & { [STATE]?: RequestState | null };

/** Declares the request's state property on `app`, so that every request has one shape. */
export function declareRequestState(app: FastifyInstance): void {
  app.decorateRequest(STATE, null);
}

export interface RequestContexts {
  /** The caller of a request (memoised). */
  auth(request: FastifyRequest): Promise<AuthResult>;
  /** The request's EntityManager, tenant-scoped to the caller. */
  em(request: FastifyRequest): Promise<EntityManager>;
  /** A fresh GraphQL context (new loaders, the request's EntityManager). */
  graphql(request: FastifyRequest): Promise<GraphQLContext>;
  /**
   * The context of the gateway's own hosted checkout page (src/checkout): no key of the request
   * is used (a secret key sent to the page grants nothing), no Origin check applies.
   */
  page(request: FastifyRequest): Promise<GraphQLContext>;
  /** Runs `work` in one transaction that the request's GraphQL contexts join meanwhile. */
  atomic<T>(request: FastifyRequest, work: (tx: EntityManager) => Promise<T>): Promise<T>;
}

export function requestContexts(orm: Orm, config: Config, keyCache?: KeyCache): RequestContexts {
  const state = (request: FastifyRequest): RequestState => {
    let s = (request as Stateful)[STATE];
    if (!s) {
      s = { em: orm.em.fork() };
      s.em.setFilterParams('tenant', NOBODY);
      (request as Stateful)[STATE] = s;
    }
    return s;
  };
  const auth = (request: FastifyRequest): Promise<AuthResult> => {
    const s = state(request);
    s.auth ??= authenticate(s.em, request.headers.authorization, config.adminToken, keyCache).then((result) => {
      if (result.principal) s.em.setFilterParams('tenant', { organisationId: result.principal.organisationId, mode: result.principal.mode });
      return result;
    });
    return s.auth;
  };
  const em = async (request: FastifyRequest) => {
    await auth(request);
    return state(request).em;
  };
  const contexts: RequestContexts = {
    auth,
    em,
    async page(request) {
      const base = await contexts.graphql(request);
      return { ...base, principal: null, operator: false, publishable: null, origin: null, hostedPage: true };
    },
    async graphql(request) {
      const caller = await auth(request);
      const s = state(request);
      const requestEm = s.tx ?? s.em;
      // A publishable key is no principal: every operation but the storefront's sees no key.
      const publishable = caller.principal?.kind === 'publishable' ? caller.principal : null;
      const loaders = createLoaders(requestEm);
      return {
        em: requestEm,
        principal: publishable ? null : caller.principal,
        publishable,
        origin: typeof request.headers.origin === 'string' ? request.headers.origin : null,
        operator: caller.operator,
        publicUrl: config.publicUrl,
        loaders,
        remember: (rows) => primeLoaders(loaders, rows),
      };
    },
    async atomic(request, work) {
      await auth(request);
      const s = state(request);
      if (s.tx) return work(s.tx);
      // Run again from the start when a create in it lost a slug race (it joins this transaction
      // rather than pay a savepoint: src/domain/services/checkout-links/write.ts).
      return retryingSlugRaces(s.em, async (tx) => {
        s.tx = tx;
        try {
          return await work(tx);
        } finally {
          s.tx = undefined;
        }
      });
    },
  };
  return contexts;
}
