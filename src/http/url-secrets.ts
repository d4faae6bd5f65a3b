// Secret API keys never travel in a URL: a request whose URL carries one (`?api_key=sk_live_…`,
// or anywhere in the path or query) is refused with 400 before anything runs, and every URL the
// logger writes has such keys replaced by `sk_…[REDACTED]`. The key is compromised anyway once
// it sat in a URL (proxies and browsers keep them): the message says so.
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A secret key, also percent-encoded underscores (sk%5Ftest%5F…). */
const SECRET_IN_URL = /sk(?:_|%5[Ff])(?:test|live)(?:_|%5[Ff])[A-Za-z0-9]+/g;

export const hasSecretInUrl = (url: string): boolean => url.search(SECRET_IN_URL) !== -1;

export const redactUrl = (url: string): string => url.replace(SECRET_IN_URL, 'sk_…[REDACTED]');

/** The request as the logger writes it: method and redacted URL (no headers, no body). */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip };
}

export function refuseSecretsInUrl(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!hasSecretInUrl(request.originalUrl ?? request.url)) return;
    throw Object.assign(
      new Error('API keys are not accepted in the URL; send them in the Authorization header (and roll this key: URLs are logged by proxies).'),
      { statusCode: 400, code: 'BAD_REQUEST' },
    );
  });
}
