// Real gateway processes for the reliability tests: `node src/main.js` as a child, on a given
// DATABASE_URL, with an HTTP client that speaks to it. Spawn, readiness and stop come from the
// bench's process helpers (test/bench/processes.ts); every child is ended by stopAll().
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort, start, stop, stopAll, waitReady, type Child } from '../../bench/processes.ts';

export { stopAll };

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ADMIN_TOKEN = `reliability-admin-${randomBytes(12).toString('hex')}`;

export interface Reply {
  status: number;
  /** The body exactly as received. */
  text: string;
  /** The body parsed as JSON (null when it is not JSON). */
  json: any;
  headers: Headers;
}

export interface RequestOptions {
  key?: string | null;
  /** `basic` sends the key as HTTP Basic user name (LeanRails' way), `bearer` otherwise. */
  auth?: 'bearer' | 'basic';
  body?: unknown;
  /** A form body (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  redirect?: 'manual' | 'follow';
}

export interface Gateway {
  name: string;
  child: Child;
  port: number;
  url: string;
  databaseUrl: string;
  /** The key printed on a first start (undefined on later starts or when another org existed). */
  bootstrapKey: string | undefined;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  /** POST /graphql; `key` defaults to the bootstrap key. */
  graphql(query: string, variables?: Record<string, unknown>, key?: string): Promise<Reply>;
  /** SIGTERM (graceful), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** kill -9; resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  name?: string;
  databaseUrl: string;
  /** Reuse a port (a restart keeps the URLs the gateway returns). */
  port?: number;
  /** Extra environment (RATE_LIMIT_MAX, …). REDIS_URL is passed through from the test's env unless given. */
  env?: Record<string, string | undefined>;
}

export async function spawnGateway(options: SpawnOptions): Promise<Gateway> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ADMIN_TOKEN,
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_ANONYMOUS_MAX: '1000000000',
    ...options.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined || v === '') delete env[k];
  const name = options.name ?? `gateway :${port}`;
  const since = performance.now();
  const child = start({ name, args: [`${ROOT}src/main.js`], env });
  await waitReady(child, `${url}/readyz`, since, 90_000);
  let bootstrapKey: string | undefined;
  for (let i = 0; i < 100; i++) {
    bootstrapKey = /API key[^:]*:\s+(sk_test_[A-Za-z0-9]+)/.exec(child.stdout())?.[1];
    if (bootstrapKey || /ready in/.test(child.stdout())) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const request = async (method: string, path: string, o: RequestOptions = {}): Promise<Reply> => {
    const key = o.key === undefined ? gateway.bootstrapKey : o.key;
    const headers: Record<string, string> = {};
    if (key) headers.authorization = o.auth === 'basic' ? `Basic ${Buffer.from(`${key}:`).toString('base64')}` : `Bearer ${key}`;
    let body: string | undefined;
    if (o.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    } else if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const res = await fetch(url + path, { method, headers: { ...headers, ...o.headers }, body, redirect: o.redirect ?? 'manual' });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, text, json, headers: res.headers };
  };
  const gateway: Gateway = {
    name,
    child,
    port,
    url,
    databaseUrl: options.databaseUrl,
    bootstrapKey,
    request,
    graphql: (query, variables = {}, key) => request('POST', '/graphql', { key: key ?? gateway.bootstrapKey, body: { query, variables } }),
    stop: () => stop(child),
    async kill() {
      if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
      await child.exited;
    },
  };
  return gateway;
}

/** A GraphQL mutation's payload, or an error naming what went wrong. */
export async function mutate(gw: Gateway, query: string, variables: Record<string, unknown>, field: string, key?: string): Promise<any> {
  const res = await gw.graphql(query, variables, key);
  const payload = res.json?.data?.[field];
  if (res.status !== 200 || !payload || (payload.userErrors ?? []).length > 0) {
    throw new Error(`${field} failed on ${gw.name}: ${res.status} ${res.text}`);
  }
  return payload;
}

/** A new key of the bootstrap organisation (test mode, every scope unless `scopes`), through GraphQL createApiKey. */
export async function createKey(gw: Gateway, name: string, scopes?: string[]): Promise<{ id: string; secret: string }> {
  const viewer = await gw.graphql('{ viewer { organisation { id } } }');
  const organisationId = viewer.json?.data?.viewer?.organisation?.id;
  if (!organisationId) throw new Error(`viewer failed: ${viewer.text}`);
  const payload = await mutate(
    gw,
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { message } } }',
    { input: { organisationId, mode: 'TEST', name, ...(scopes ? { scopes } : {}) } },
    'createApiKey',
    ADMIN_TOKEN,
  );
  return { id: payload.apiKey.id, secret: payload.secret };
}
