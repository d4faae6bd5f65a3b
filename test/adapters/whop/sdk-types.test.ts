// Whop responses against @whop/sdk 0.0.42's own TypeScript types, for every route the SDK
// calls: test/fixtures/whop/sdk-responses.ts holds one recorded response per route, each checked
// at compile time with `satisfies` the SDK type of that call (npm run typecheck); here every
// route is called again at the SDK's version (Api-Version-Date 2026-07-20) and each live body
// must (1) carry every key the SDK's .d.ts marks required and (2) have the recorded key set, so
// the recording stays the shape the gateway answers. WHOP_RECORD=1 rewrites the recording.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/contract/ids.ts';
import { recorded, SDK_TYPES } from '../../fixtures/whop/sdk-responses.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

const SDK_VERSION = '2026-07-20';
const sdkDir = dirname(createRequire(import.meta.url).resolve('@whop/sdk'));
const FIXTURE = new URL('../../fixtures/whop/sdk-responses.ts', import.meta.url).pathname;

/** The required (no `?`) top-level properties of an interface in one of the SDK's .d.ts files. */
function requiredKeys(file: string, name: string): string[] {
  const text = readFileSync(join(sdkDir, file), 'utf8');
  const start = text.indexOf(`export interface ${name} {`);
  if (start < 0) throw new Error(`no interface ${name} in ${file}`);
  const keys: string[] = [];
  let depth = 0;
  for (const line of text.slice(start).split('\n')) {
    if (depth === 1) {
      const match = /^\s+(\w+)(\??):/.exec(line);
      if (match?.[1] && match[2] === '') keys.push(match[1]);
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth === 0 && keys.length + 1 > 0 && line.includes('}')) break;
  }
  return keys;
}

let gw: TestGateway;
const live: Record<string, unknown> = {};

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await gw.inject({
    method: method as 'GET',
    url: `/whop/api/v1${url}`,
    headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'api-version-date': SDK_VERSION, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}
const first = (page: unknown): unknown => (page as { data: unknown[] }).data[0];

beforeAll(async () => {
  gw = await startGateway();
  const account = encodeId('biz', gw.orgA.id);
  const product = (await call('POST', '/products', { account_id: account, title: 'Course', description: 'Learn' })) as { id: string };
  live['POST /products'] = product;
  live['GET /products/{id}'] = await call('GET', `/products/${product.id}`);
  live['PATCH /products/{id}'] = await call('PATCH', `/products/${product.id}`, { headline: 'Best' });
  live['GET /products'] = first(await call('GET', `/products?account_id=${account}`));
  const plan = (await call('POST', '/plans', {
    account_id: account,
    product_id: product.id,
    currency: 'usd',
    plan_type: 'renewal',
    renewal_price: 9.99,
    initial_price: 0,
    billing_period: 30,
  })) as { id: string };
  const config = (await call('POST', '/checkout_configurations', {
    account_id: account,
    plan_id: plan.id,
    metadata: { ref: 'a' },
    redirect_url: 'https://example.test/ok',
  })) as { id: string };
  live['POST /plans'] = plan;
  live['GET /plans/{id}'] = await call('GET', `/plans/${plan.id}`);
  live['PATCH /plans/{id}'] = await call('PATCH', `/plans/${plan.id}`, { internal_notes: 'vip' });
  live['GET /plans'] = first(await call('GET', `/plans?account_id=${account}`));
  live['POST /checkout_configurations'] = config;
  live['GET /checkout_configurations/{id}'] = await call('GET', `/checkout_configurations/${config.id}`);
  live['GET /checkout_configurations'] = first(await call('GET', `/checkout_configurations?account_id=${account}`));
  const spare = (await call('POST', '/plans', { account_id: account, currency: 'usd', plan_type: 'one_time', initial_price: 5 })) as { id: string };
  live['DELETE /plans/{id}'] = await call('DELETE', `/plans/${spare.id}`);
  const lonely = (await call('POST', '/products', { account_id: account, title: 'Spare' })) as { id: string };
  live['DELETE /products/{id}'] = await call('DELETE', `/products/${lonely.id}`);
  if (process.env.WHOP_RECORD === '1') record();
});
afterAll(async () => {
  await gw?.close();
});

/** Rewrites the recording (then run npm run typecheck: the SDK types judge it). */
function record(): void {
  const text = readFileSync(FIXTURE, 'utf8');
  const head = text.slice(0, text.indexOf('export const recorded = {'));
  const body = Object.keys(SDK_TYPES)
    .map(
      (route) => `  '${route}': ${JSON.stringify(live[route], null, 2).replaceAll('\n', '\n  ')} satisfies ${SDK_TYPES[route as keyof typeof SDK_TYPES].type},`,
    )
    .join('\n');
  writeFileSync(FIXTURE, `${head}export const recorded = {\n${body}\n};\n`);
}

describe('Whop responses satisfy @whop/sdk 0.0.42 types', () => {
  it('covers every route the SDK calls', () => {
    expect(Object.keys(live).sort()).toEqual(Object.keys(SDK_TYPES).sort());
    expect(Object.keys(recorded).sort()).toEqual(Object.keys(SDK_TYPES).sort());
  });

  it.each(Object.entries(SDK_TYPES))('%s carries every key the SDK type marks required, as recorded', (route, { file, name }) => {
    const body = live[route];
    if (name === 'boolean') {
      expect(body).toBe(true);
      return;
    }
    const keys = requiredKeys(file, name);
    expect(keys.length).toBeGreaterThan(3);
    const object = body as Record<string, unknown>;
    expect(
      keys.filter((k) => !(k in object)),
      `${route} lacks required keys`,
    ).toEqual([]);
    expect(Object.keys(object).sort(), `${route}: the recording is stale (WHOP_RECORD=1)`).toEqual(
      Object.keys(recorded[route as keyof typeof recorded] as object).sort(),
    );
  });

  it('fills what the client reads: owner_user.username, route, gallery_images, purchase_url of a plan with a link', () => {
    const product = live['GET /products/{id}'] as { owner_user: { username: string }; route: string; gallery_images: unknown[]; custom_cta: string };
    expect(product.owner_user.username).toBe(gw.orgA.slug);
    expect(product.route).toMatch(/^prod_/);
    expect(product.gallery_images).toEqual([]);
    expect(product.custom_cta).toBe('get_access');
    const plan = live['GET /plans/{id}'] as { purchase_url: string };
    const config = live['POST /checkout_configurations'] as { purchase_url: string };
    expect(plan.purchase_url).toBe(config.purchase_url);
    expect(plan.purchase_url).toMatch(/\/checkout-link\/[^/]+\/cart$/);
  });
});
