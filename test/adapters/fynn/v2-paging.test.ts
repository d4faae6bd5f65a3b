// V2 lists are paged with no silent cap: page/limit pick the window of the bare array, and
// X-Total-Count and Link (first, prev, next, last) tell the client there is more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.ts';
import { createPrice, fynn } from './helpers.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('Fynn V2 list paging', () => {
  it("pages plans and a plan's links with X-Total-Count and Link headers, each row once", async () => {
    const price = await createPrice(gw, gw.orgA.testKey);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const plan = await fynn(gw, 'POST', '/api/plans', {
        code: `paged-${i}`,
        name: `Paged ${i}`,
        tiers: [{ name: 'T', items: [{ productId: price.productId, pricePlanId: price.priceId }] }],
      });
      ids.push(plan.json().id);
    }
    const seen: string[] = [];
    let url: string | undefined = '/api/plans?limit=2';
    let pages = 0;
    while (url) {
      const res = await fynn(gw, 'GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-total-count']).toBe('5');
      seen.push(...res.json().map((p: { id: string }) => p.id));
      const link = String(res.headers.link);
      expect(link).toContain('</fynn/api/plans?limit=2&page=1>; rel="first"');
      expect(link).toContain('</fynn/api/plans?limit=2&page=3>; rel="last"');
      url = /<\/fynn([^>]+)>; rel="next"/.exec(link)?.[1];
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
    expect((await fynn(gw, 'GET', '/api/plans?limit=101')).statusCode).toBe(422);
    const all = await fynn(gw, 'GET', '/api/plans');
    expect(all.json()).toHaveLength(5);
    expect(all.headers.link).not.toContain('rel="next"');

    const plan = ids[0] as string;
    await fynn(gw, 'POST', `/api/plans/${plan}/activate`);
    const tier = (await fynn(gw, 'GET', `/api/plans/${plan}`)).json().tiers[0].id;
    for (let i = 0; i < 3; i++) expect((await fynn(gw, 'POST', `/api/plans/${plan}/checkout-links`, { planTierId: tier })).statusCode).toBe(201);
    const first = await fynn(gw, 'GET', `/api/plans/${plan}/checkout-links?limit=2`);
    expect(first.json()).toHaveLength(2);
    expect(first.headers['x-total-count']).toBe('3');
    expect(first.headers.link).toContain(`</fynn/api/plans/${plan}/checkout-links?limit=2&page=2>; rel="next"`);
    const second = await fynn(gw, 'GET', `/api/plans/${plan}/checkout-links?limit=2&page=2`);
    expect(second.json()).toHaveLength(1);
  });
});
