// Rate limits with @fastify/rate-limit: in memory by default, in Redis when REDIS_URL is set so
// that limits hold across gateway processes. A 429 is thrown as an error with statusCode 429, so
// each face answers it in its own error shape; the plugin sets Retry-After and X-RateLimit-*.
// The limiter is an app-wide onRequest hook added before any face, so it runs ahead of the faces'
// own checks: requests they refuse (no or bad key, missing scope) count too.
//
// Buckets: a valid API key counts under its id (`k:<api key id>`, RATE_LIMIT_MAX), however it is
// sent; the operator's ADMIN_TOKEN under `op` (RATE_LIMIT_MAX); everything else (no key, or a key
// that is unknown, revoked or malformed) under the client address (`ip:<ip>`,
// RATE_LIMIT_ANONYMOUS_MAX). Made-up keys thus share their sender's one bucket instead of each
// opening a fresh one. Telling them apart takes the request's (memoised) authentication: at most
// one database lookup, cached for valid keys, which the faces then reuse.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { AuthResult } from './auth.ts';
import type { RedisHealth } from './rate-limit-store.ts';

/** The caller of a request, memoised per request (src/http/request-context.ts). */
export type AuthOf = (request: FastifyRequest) => Promise<AuthResult>;

const UNLIMITED = new Set(['/healthz', '/readyz']);
const unlimited = (request: FastifyRequest): boolean => {
  const url = request.url;
  const query = url.indexOf('?');
  return UNLIMITED.has(query === -1 ? url : url.slice(0, query));
};

/** The bucket a request counts against (see above). */
export async function bucketOf(request: FastifyRequest, auth: AuthOf): Promise<string> {
  if (unlimited(request)) return 'unlimited';
  if (request.headers.authorization !== undefined) {
    try {
      const caller = await auth(request);
      // A publishable key is public (every buyer of a shop sends it): it counts by address, so no
      // one can spend a shop's budget for everybody.
      if (caller.principal) return caller.principal.kind === 'publishable' ? `ip:${request.ip}` : `k:${caller.principal.apiKeyId}`;
      if (caller.operator) return 'op';
    } catch {
      // The database failed: count by address; the face answers the failure itself.
    }
  }
  return `ip:${request.ip}`;
}

/** Registers the limiter; returns the Redis health (/readyz) when REDIS_URL is set. */
export async function registerRateLimit(app: FastifyInstance, config: Config, auth: AuthOf): Promise<RedisHealth | undefined> {
  // The Redis store (and ioredis) is loaded only when REDIS_URL is set (~70 ms of a start otherwise).
  const store = config.redisUrl ? await import('./rate-limit-store.ts') : undefined;
  const health = config.redisUrl && store ? new store.RedisHealth(app.log) : undefined;
  const redis = config.redisUrl && store && health ? store.fastFailRedis(config.redisUrl, config.redisTimeouts, health) : undefined;
  if (redis && store) {
    app.addHook('onClose', async () => void redis.disconnect());
    await store.firstConnection(redis, config.redisTimeouts.connect);
  }
  await app.register(rateLimit, {
    // Not per route: the plugin would append its hook after each route's own onRequest hooks.
    global: false,
    keyGenerator: (request) => bucketOf(request, auth),
    max: (_request, bucket) => (bucket.startsWith('ip:') ? config.rateLimit.anonymousMax : config.rateLimit.max),
    timeWindow: config.rateLimit.windowMs,
    nameSpace: config.rateLimit.namespace,
    skipOnError: true,
    ...(redis && health && store ? { store: store.fallbackStore(redis, config.rateLimit.namespace, health) } : {}),
    // The bucket was just computed by keyGenerator (it is 'unlimited' for those paths).
    allowList: (_request, bucket) => bucket === 'unlimited',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit exceeded: ${context.max} requests per ${context.after}. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`), {
        statusCode: 429,
        code: 'RATE_LIMITED',
      }),
  });
  app.addHook('onRequest', app.rateLimit());
  return health;
}
