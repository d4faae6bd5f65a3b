// Every environment variable the gateway reads, parsed and validated in one place.
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Fastify's `trustProxy`: off, on (every peer is a proxy), or the proxies' addresses / CIDRs. No
 * hop count: Fastify 5 ignores one (it cannot tell a proxy from a client that reached the gateway
 * directly and wrote X-Forwarded-For itself), so TRUST_PROXY refuses it instead of ignoring it.
 */
export type TrustProxy = boolean | string[];

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of a TRUST_PROXY list: an IP, an IP/prefix, an IPv4/netmask, or a proxy-addr name. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', range, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

const trustProxy = z.string().transform((raw, ctx): TrustProxy => {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: "a hop count is not supported (Fastify cannot check the nearest proxy with it): give the proxies' addresses / CIDRs, or true",
    });
    return z.NEVER;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => !isProxyAddress(e));
  if (bad.length) {
    ctx.addIssue({
      code: 'custom',
      message: `must be true, false or a comma-separated list of IP addresses / CIDRs (not ${bad.map((b) => JSON.stringify(b)).join(', ')})`,
    });
    return z.NEVER;
  }
  return entries;
});

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1m,5m,30m,2h` -> delays in milliseconds (units ms, s, m, h, d). */
const retrySchedule = z.string().transform((raw, ctx): number[] => {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const delays = parts.map((p) => {
    const m = /^(\d{1,9})(ms|s|m|h|d)$/.exec(p);
    return m ? Number(m[1]) * DURATION_UNITS[m[2]!]! : NaN;
  });
  if (delays.some((d) => Number.isNaN(d)) || delays.length > 20) {
    ctx.addIssue({ code: 'custom', message: 'must be up to 20 comma-separated durations such as 30s,1m,2h,1d' });
    return z.NEVER;
  }
  return delays;
});

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|pglite:\/\/)/, 'must start with postgres://, postgresql:// or pglite://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  ORM_DEBUG: z.string().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(1500),
  RATE_LIMIT_ANONYMOUS_MAX: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  RATE_LIMIT_NAMESPACE: z
    .string()
    .regex(/^[\x21-\x7e]{1,100}$/, 'must be 1 to 100 printable ASCII characters without spaces')
    .default('cg-rl:'),
  TRUST_PROXY: trustProxy.optional(),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).default(1_000),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).default(500),
  PURGE_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  FYNN_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LEANRAILS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WHOP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WEBHOOK_SECRET_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex digits or base64')
    .optional(),
  WEBHOOK_SECRET_KEY_FILE: z.string().min(1).optional(),
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(['true', 'false']).default('false'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_RETRY_SCHEDULE: retrySchedule.default(retrySchedule.parse('1m,5m,30m,2h,8h,24h,72h')),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  WEBHOOK_WORKER: z.enum(['on', 'off']).default('on'),
  SESSION_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
});

export interface Config {
  port: number;
  host: string;
  /** postgres://… or pglite://memory or pglite://<folder> */
  databaseUrl: string;
  publicUrl: string;
  adminToken: string | undefined;
  logLevel: string;
  production: boolean;
  ormDebug: boolean;
  /** Redis for rate limits shared across processes; in-memory when unset. */
  redisUrl: string | undefined;
  /** `namespace` prefixes the name of every count in Redis. */
  rateLimit: { max: number; anonymousMax: number; windowMs: number; namespace: string };
  /** Which proxies' X-Forwarded-For to believe for the client address (rate limits per IP). */
  trustProxy: TrustProxy;
  /** Faces also served at the root of a port of their own (FYNN_PORT, LEANRAILS_PORT, WHOP_PORT). */
  facePorts: { fynn?: number; leanrails?: number; whop?: number };
  webhooks: WebhookConfig;
  /**
   * HTTP timeouts (ms): `request` to receive a whole request (headers and body: a slow-loris body
   * is cut), `headers` to receive its headers, `keepAlive` an idle kept-alive socket, `connection`
   * any socket without activity (a response included).
   */
  timeouts: { request: number; headers: number; keepAlive: number; connection: number };
  /** Scheduled purge of old rows (purge.ts): interval (0 = off) and how long abandoned sessions stay. */
  purge: { intervalMs: number; sessionRetentionDays: number };
  /** Redis fails fast: connect and per-command timeouts (ms); meanwhile limits count in process. */
  redisTimeouts: { connect: number; command: number };
}

export interface WebhookConfig {
  /** 32-byte key (hex or base64) for the endpoints' signing secrets; else read from / created in keyFile. */
  secretKey: string | undefined;
  keyFile: string | undefined;
  /** Live endpoints may resolve to loopback / private / link-local addresses. */
  allowPrivateUrls: boolean;
  timeoutMs: number;
  /** Delays before each retry, after the first attempt. */
  retrySchedule: number[];
  pollMs: number;
  /** Whether this process runs the delivery worker and the expiry sweeper. */
  worker: boolean;
  sessionExpirySweepMs: number;
}

export const DEFAULT_DATABASE_URL = 'pglite://./.data/pglite';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const ports = [
    ['PORT', e.PORT],
    ['FYNN_PORT', e.FYNN_PORT],
    ['LEANRAILS_PORT', e.LEANRAILS_PORT],
    ['WHOP_PORT', e.WHOP_PORT],
  ].filter(([, p]) => p !== undefined && p !== 0);
  for (const [name, port] of ports) {
    const other = ports.find(([n, p]) => n !== name && p === port);
    if (other) throw new ConfigError(`Invalid environment:\n  ${name}: ${port} is also ${other[0]}; each face needs a port of its own`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    adminToken: e.ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    ormDebug: e.ORM_DEBUG === '1',
    redisUrl: e.REDIS_URL,
    rateLimit: { max: e.RATE_LIMIT_MAX, anonymousMax: e.RATE_LIMIT_ANONYMOUS_MAX, windowMs: e.RATE_LIMIT_WINDOW_MS, namespace: e.RATE_LIMIT_NAMESPACE },
    trustProxy: e.TRUST_PROXY ?? false,
    purge: { intervalMs: e.PURGE_INTERVAL_MS, sessionRetentionDays: e.SESSION_RETENTION_DAYS },
    redisTimeouts: { connect: e.REDIS_CONNECT_TIMEOUT_MS, command: e.REDIS_COMMAND_TIMEOUT_MS },
    facePorts: Object.fromEntries(
      (
        [
          ['fynn', e.FYNN_PORT],
          ['leanrails', e.LEANRAILS_PORT],
          ['whop', e.WHOP_PORT],
        ] as const
      ).filter(([, port]) => port !== undefined),
    ),
    webhooks: {
      secretKey: e.WEBHOOK_SECRET_KEY,
      keyFile: e.WEBHOOK_SECRET_KEY_FILE,
      allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retrySchedule: e.WEBHOOK_RETRY_SCHEDULE,
      pollMs: e.WEBHOOK_POLL_MS,
      worker: e.WEBHOOK_WORKER === 'on',
      sessionExpirySweepMs: e.SESSION_EXPIRY_SWEEP_MS,
    },
    timeouts: {
      request: e.REQUEST_TIMEOUT_MS,
      headers: Math.min(e.HEADERS_TIMEOUT_MS, e.REQUEST_TIMEOUT_MS),
      keepAlive: e.KEEP_ALIVE_TIMEOUT_MS,
      connection: e.CONNECTION_TIMEOUT_MS,
    },
  };
}
