import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.close();
});

it('serves a browsable docs page that lists every dialect document, from local assets', async () => {
  const page = await gw.inject({ url: '/docs/' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.body).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.js/); // no external scripts
  const init = await gw.inject({ url: '/docs/static/swagger-initializer.js' });
  for (const url of ['/leanrails/openapi.json', '/fynn/openapi.json', '/whop/api/v1/openapi.json']) expect(init.body).toContain(url);
  const index = await gw.inject({ url: '/docs/json' });
  expect(index.json()).toMatchObject({ openapi: '3.1.0', info: { title: 'checkout-gateway' } });
});
