// Shared helpers of the Fynn tests: catalog fixtures through GraphQL, Fynn requests, checks.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestGateway } from '../../support/gateway.ts';

export async function createPrice(gw: TestGateway, key: string, opts: { name?: string; currency?: string; unitAmount?: number; recurring?: unknown } = {}) {
  const r = await gw.graphql<any>(
    `mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { reason message } } }`,
    {
      input: {
        name: opts.name ?? 'Seat',
        defaultPrice: {
          currency: opts.currency ?? 'EUR',
          unitAmount: opts.unitAmount ?? 4900,
          recurring: opts.recurring === undefined ? { interval: 'MONTH' } : opts.recurring,
        },
      },
    },
    key,
  );
  const product = r.body.data?.createProduct?.product;
  if (!product) throw new Error(`createProduct failed: ${JSON.stringify(r.body)}`);
  return { productId: product.id as string, priceId: product.defaultPrice.id as string };
}

export function fynn(
  gw: TestGateway,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  key: string | null = gw.orgA.testKey,
  raw?: string,
) {
  return gw.inject({
    method,
    url: `/fynn${url}`,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(raw !== undefined ? { payload: raw } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

/** A V2 ProblemError body (application/problem+json). */
export function expectProblem(res: LightMyRequestResponse, status: number, type?: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toEqual({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (type) expect(body.type).toBe(type);
  return body;
}

/** A V2 ValidationError body with a violation on each of `paths`. */
export function expectViolations(res: LightMyRequestResponse, paths: string[]) {
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status: 422, type: 'https://tools.ietf.org/html/rfc2616#section-10', title: 'Validation Failed' });
  expect(body.detail).toBeUndefined();
  for (const v of body.violations)
    expect(v).toEqual({ propertyPath: expect.any(String), message: expect.any(String), code: expect.toBeOneOf([expect.any(String), null]) });
  expect(body.violations.map((v: any) => v.propertyPath)).toEqual(expect.arrayContaining(paths));
  return body;
}

/** A classic hydra:Error body. */
export function expectHydraError(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.json()).toEqual({ '@type': 'hydra:Error', 'hydra:title': 'An error occurred', 'hydra:description': expect.any(String), status });
}

/** A classic ConstraintViolationList with a violation on each of `paths`. */
export function expectConstraintViolations(res: LightMyRequestResponse, paths: string[]) {
  expect(res.statusCode).toBe(422);
  const body = res.json();
  expect(body).toMatchObject({ '@type': 'ConstraintViolationList', 'hydra:title': 'An error occurred', 'hydra:description': expect.any(String), status: 422 });
  expect(body.violations.map((v: any) => v.propertyPath)).toEqual(expect.arrayContaining(paths));
  return body;
}

export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Row counts through GraphQL (plans, links) to prove nothing was left behind. */
export async function counts(gw: TestGateway, key = gw.orgA.testKey) {
  const r = await gw.graphql<any>('{ plans { totalCount } checkoutLinks { totalCount } }', {}, key);
  return { plans: r.body.data?.plans?.totalCount, links: r.body.data?.checkoutLinks?.totalCount };
}
