// One delivery attempt: POST the stored body with the signed headers, through the URL guard's
// lookup; a response within the timeout is read (at most 64 KiB, discarded) and its status
// returned. Redirects are not followed (a 3xx is a failed attempt).
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress, urlShapeProblem, type UrlPolicy } from './url-guard.ts';

export interface AttemptResult {
  status: number | null;
  durationMs: number;
  error: string | null;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

export function postWebhook(url: string, body: string, headers: Record<string, string>, timeoutMs: number, policy: UrlPolicy): Promise<AttemptResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): AttemptResult => ({ status, durationMs: Math.round(performance.now() - started), error });
  const shape = urlShapeProblem(url, policy);
  if (shape) return Promise.resolve(done(null, `refused: ${shape}`));
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to without a lookup: check it here.
  if (isIP(host) && policy.mode === 'live' && !policy.allowPrivate && isPrivateAddress(host)) {
    return Promise.resolve(done(null, 'refused: a private address'));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'checkout-gateway-webhooks/1.0', ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(policy) as never,
        agent: false,
      },
      (response) => {
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) response.destroy();
        });
        const end = () => finish(done(response.statusCode ?? null, null));
        response.on('end', end);
        response.on('close', end);
        response.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish(done(null, `timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish(done(null, error.code === 'EPRIVATEADDRESS' ? error.message : `${error.code ?? 'error'}: ${error.message}`.slice(0, 500))),
    );
    request.end(body);
  });
}
