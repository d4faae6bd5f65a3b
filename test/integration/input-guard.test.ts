// Every face refuses NUL, lone surrogates and deep nesting with a 400 in its own shape, and
// writes nothing (the lone surrogate once made PGlite truncate an UPDATE: see input-guard.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { fynnClassicError, fynnV2Error, leanrailsError, whopError, type Reply } from '../reliability/support/error-shapes.ts';

let gw: TestGateway;
let productB = '';
beforeAll(async () => {
  gw = await startGateway();
  const made = await gw.graphql<{ createProduct: { product: { id: string } } }>(
    'mutation { createProduct(input: { name: "B product" }) { product { id } } }',
    {},
    gw.orgB.testKey,
  );
  productB = made.body.data?.createProduct.product.id as string;
});
afterAll(async () => {
  await gw?.close();
});

const deep = (levels: number) => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};
const BAD = { nul: 'a\u0000b', surrogate: 'pwned' + '\udf6f'.repeat(52), deep: deep(40) } as const;

async function rows(): Promise<number> {
  const em = gw.db.orm.em.fork();
  const r = await em
    .getConnection()
    .execute('select (select count(*) from product) + (select count(*) from price) + (select count(*) from plan) + (select count(*) from checkout_link) as n');
  return Number(r[0].n);
}

const asReply = (res: { statusCode: number; headers: Record<string, unknown>; body: string }): Reply => ({
  statusCode: res.statusCode,
  headers: res.headers,
  body: res.body,
});

describe('input guard, every face', () => {
  it.each(Object.entries(BAD))("refuses %s with 400 in each face's error shape and writes nothing", async (_kind, value) => {
    const before = await rows();
    const auth = { authorization: `Bearer ${gw.orgA.testKey}` };
    const leanrails = await gw.inject({
      method: 'POST',
      url: '/leanrails/v1/products',
      headers: { ...auth, 'idempotency-key': `g-${_kind}` },
      payload: { name: 'P', metadata: { v: value } },
    });
    expect(leanrails.statusCode).toBe(400);
    expect(leanrailsError(asReply(leanrails))).toBeNull();
    const whop = await gw.inject({ method: 'POST', url: '/whop/api/v1/products', headers: auth, payload: { title: 'P', metadata: { v: value } } });
    expect(whop.statusCode).toBe(400);
    expect(whopError(asReply(whop))).toBeNull();
    const fynnV2 = await gw.inject({ method: 'POST', url: '/fynn/api/plans', headers: auth, payload: { name: value } });
    expect(fynnV2.statusCode).toBe(400);
    expect(fynnV2Error(asReply(fynnV2))).toBeNull();
    const classic = await gw.inject({ method: 'POST', url: '/fynn/checkout-links', headers: auth, payload: { name: value } });
    expect(classic.statusCode).toBe(400);
    expect(fynnClassicError(asReply(classic))).toBeNull();
    const graphql = await gw.graphql('mutation ($n: String!) { createProduct(input: { name: $n }) { product { id } } }', { n: value });
    expect(graphql.status).toBe(400);
    expect(graphql.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(await rows()).toBe(before);
  });

  it('refuses a lone surrogate in a GraphQL string literal and leaves other tenants untouched', async () => {
    const own = await gw.graphql<{ createProduct: { product: { id: string } } }>('mutation { createProduct(input: { name: "A product" }) { product { id } } }');
    const id = own.body.data?.createProduct.product.id as string;
    const literal = `mutation { updateProduct(id: "${id}", input: { name: "pwned${'\\udf6f'.repeat(52)}" }) { product { id } } }`;
    const res = await gw.graphql(literal);
    // graphql-js refuses a lone surrogate escape in a literal itself; NUL is ours to refuse.
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/Invalid Unicode escape/);
    const nul = await gw.graphql(`mutation { updateProduct(id: "${id}", input: { name: "a\\u0000b" }) { product { id } } }`);
    expect(nul.status).toBe(400);
    expect(nul.body.errors?.[0]).toMatchObject({ message: 'A string literal contains a NUL character (U+0000).', extensions: { code: 'BAD_USER_INPUT' } });
    const b = await gw.graphql<{ product: { name: string } }>(`{ product(id: "${productB}") { name } }`, {}, gw.orgB.testKey);
    expect(b.body.data?.product.name).toBe('B product');
  });

  it("answers an id with percent-escapes that are not UTF-8 like any unknown id, in the face's shape", async () => {
    const auth = { authorization: `Bearer ${gw.orgA.testKey}` };
    const fynn = await gw.inject({ method: 'PUT', url: '/fynn/api/plans/%C0%AF', headers: auth, payload: { name: 'x' } });
    const unknown = await gw.inject({ method: 'PUT', url: '/fynn/api/plans/unknown', headers: auth, payload: { name: 'x' } });
    expect(fynn.statusCode).toBe(unknown.statusCode);
    expect(fynnV2Error(asReply(fynn))).toBeNull();
    const lean = await gw.inject({ method: 'GET', url: '/leanrails/v1/checkout_links/%E0%A4%A?expand[]=line_items', headers: auth });
    expect(lean.statusCode).toBe(404);
    expect(leanrailsError(asReply(lean))).toBeNull();
    const whop = await gw.inject({ method: 'GET', url: '/whop/api/v1/checkout_configurations/%FF', headers: auth });
    expect(whop.statusCode).toBe(404);
    expect(whopError(asReply(whop))).toBeNull();
  });

  it('refuses NUL in a path parameter of the public link instead of failing in the database', async () => {
    const res = await gw.inject({ method: 'GET', url: '/checkout-link/a%00b/cart' });
    expect(res.statusCode).toBe(400);
  });
});
