// A tiny LeanRails client over app.inject: Basic auth with the secret key, JSON or form bodies,
// an Idempotency-Key on every POST unless told otherwise.
import { randomUUID } from 'node:crypto';
import qs from 'qs';
import type { TestGateway } from '../../support/gateway.ts';

export interface CallOptions {
  key?: string | null;
  idem?: string | null;
  form?: boolean;
  headers?: Record<string, string>;
  raw?: string;
}

export function basic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
}

export function leanrails(gw: TestGateway) {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, o: CallOptions = {}) => {
    const key = o.key === undefined ? gw.orgA.testKey : o.key;
    const headers: Record<string, string> = { ...(key ? { authorization: basic(key) } : {}) };
    if (method === 'POST') {
      const idem = o.idem === undefined ? randomUUID() : o.idem;
      if (idem !== null) headers['idempotency-key'] = idem;
    }
    let payload: string | undefined;
    if (o.raw !== undefined) payload = o.raw;
    else if (body !== undefined) payload = o.form ? qs.stringify(body, { encodeValuesOnly: true }) : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = o.form ? 'application/x-www-form-urlencoded' : 'application/json';
    const res = await gw.inject({ method, url: `/leanrails${path}`, headers: { ...headers, ...o.headers }, payload });
    let json: any = null;
    try {
      json = res.json();
    } catch {
      json = res.body;
    }
    return { status: res.statusCode, body: json, headers: res.headers };
  };
  return {
    get: (path: string, o?: CallOptions) => call('GET', path, undefined, o),
    post: (path: string, body?: unknown, o?: CallOptions) => call('POST', path, body, o),
  };
}

export type LeanRails = ReturnType<typeof leanrails>;

/** A product with a one-time price in `currency`; returns their LeanRails ids. */
export async function productWithPrice(lr: LeanRails, currency = 'usd', unitAmount = 2500, key?: string) {
  const product = await lr.post('/v1/products', { name: `Widget ${currency}` }, { key });
  if (product.status !== 200) throw new Error(`product: ${JSON.stringify(product.body)}`);
  const price = await lr.post('/v1/prices', { product: product.body.id, currency, unit_amount: unitAmount }, { key });
  if (price.status !== 200) throw new Error(`price: ${JSON.stringify(price.body)}`);
  return { product: product.body.id as string, price: price.body.id as string };
}
