// Rate limits per API key (per IP without one), with @fastify/rate-limit: in memory by default,
// in Redis when REDIS_URL is set so that limits hold across gateway processes. A 429 is thrown
// as an error with statusCode 429, so each face answers it in its own error shape; the plugin
// sets Retry-After and the X-RateLimit-* headers. The limiter is an app-wide onRequest hook added
// before any face, so it runs ahead of the faces' own checks: requests they refuse (no or bad key,
// missing scope) count too, instead of being repeatable without limit.
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { credentialOf } from './auth.ts';

const keyOf = (request: FastifyRequest): string => {
  const credential = credentialOf(request.headers.authorization);
  return credential ? `k:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}` : `ip:${request.ip}`;
};

export async function registerRateLimit(app: FastifyInstance, config: Config): Promise<void> {
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true }) : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    // Not per route: the plugin would append its hook after each route's own onRequest hooks.
    global: false,
    max: (request) => (credentialOf(request.headers.authorization) ? config.rateLimit.max : config.rateLimit.anonymousMax),
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: keyOf,
    nameSpace: 'cg-rl:',
    skipOnError: true,
    ...(redis ? { redis } : {}),
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit exceeded: ${context.max} requests per ${context.after}. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`), {
        statusCode: 429,
        code: 'RATE_LIMITED',
      }),
  });
  app.addHook('onRequest', app.rateLimit());
}
