// The official @whop/sdk, unchanged, against an in-test gateway.
import Whop from '@whop/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/contract/ids.ts';
import { startGateway, type TestGateway } from '../../support/gateway.ts';

let gw: TestGateway;
let client: Whop;
let account: string;
let url: string;

beforeAll(async () => {
  gw = await startGateway();
  url = await gw.listen();
  client = new Whop({ apiKey: gw.orgA.testKey, baseURL: `${url}/whop/api/v1`, maxRetries: 0 });
  account = encodeId('biz', gw.orgA.id);
});
afterAll(async () => {
  await gw?.close();
});

describe('@whop/sdk 0.0.42 against the Whop dialect', () => {
  let productId: string;
  let planId: string;

  it('creates and retrieves a product', async () => {
    const product = await client.products.create({ account_id: account, title: 'Course', description: 'Learn things' });
    expect(product.id).toMatch(/^prod_[0-9A-Za-z]{22}$/);
    expect(product).toMatchObject({ title: 'Course', description: 'Learn things', visibility: 'visible' });
    productId = product.id;
    expect((await client.products.retrieve(productId)).title).toBe('Course');
    const updated = await client.products.update(productId, { headline: 'Best course' });
    expect(updated.headline).toBe('Best course');
  });

  it('creates, retrieves, updates and lists a plan with exact major-unit prices', async () => {
    const plan = await client.plans.create({
      account_id: account,
      product_id: productId,
      currency: 'eur',
      plan_type: 'renewal',
      renewal_price: 19.99,
      initial_price: 0,
      billing_period: 30,
      title: 'Monthly',
      trial_period_days: 7,
    });
    expect(plan.id).toMatch(/^plan_/);
    expect(plan).toMatchObject({
      title: 'Monthly',
      currency: 'eur',
      plan_type: 'renewal',
      renewal_price: 19.99,
      initial_price: 0,
      billing_period: 30,
      trial_period_days: 7,
      release_method: 'buy_now',
      visibility: 'visible',
      unlimited_stock: true,
      account: { id: account },
      product: { id: productId, title: 'Course' },
    });
    planId = plan.id;
    expect((await client.plans.retrieve(planId)).renewal_price).toBe(19.99);
    expect((await client.plans.update(planId, { internal_notes: 'vip' })).internal_notes).toBe('vip');
    const listed: string[] = [];
    for await (const p of client.plans.list({ account_id: account })) listed.push(p.id);
    expect(listed).toContain(planId);
  });

  const created: string[] = [];

  it('creates a configuration by plan_id and retrieves it', async () => {
    const config = await client.checkoutConfigurations.create({
      account_id: account,
      plan_id: planId,
      metadata: { orderRef: 'abc' },
      redirect_url: 'https://example.test/thanks',
      affiliate_code: 'friend',
      three_ds_level: 'frictionless',
    });
    created.push(config.id);
    expect(config.id).toMatch(/^ch_[0-9A-Za-z]{22}$/);
    expect(config).toMatchObject({
      account_id: account,
      mode: 'payment',
      currency: 'eur',
      affiliate_code: 'friend',
      metadata: { orderRef: 'abc' },
      redirect_url: 'https://example.test/thanks',
      three_ds_level: 'frictionless',
      payment_method_configuration: null,
      plan: { id: planId, renewal_price: 19.99, currency: 'eur', plan_type: 'renewal', billing_period: 30 },
    });
    expect(config.purchase_url).toMatch(/^http:\/\/gateway\.test\/checkout-link\/[a-z0-9-]+\/cart$/);
    expect(new Date(config.created_at).toISOString()).toBe(config.created_at);
    const again = await client.checkoutConfigurations.retrieve(config.id);
    expect(again).toEqual(config);
  });

  it('creates a configuration with an inline plan, reusing an identical plan', async () => {
    const body = { account_id: account, plan: { initial_price: 10.43, currency: 'usd', plan_type: 'one_time', title: 'Pro' } };
    const first = await client.checkoutConfigurations.create(body);
    created.push(first.id);
    expect(first.plan).toMatchObject({ initial_price: 10.43, currency: 'usd', plan_type: 'one_time' });
    const second = await client.checkoutConfigurations.create(body);
    created.push(second.id);
    expect(second.plan?.id).toBe(first.plan?.id);
    const forced = await client.checkoutConfigurations.create({ ...body, plan: { ...body.plan, force_create_new_plan: true } });
    created.push(forced.id);
    expect(forced.plan?.id).not.toBe(first.plan?.id);
    const fetched = await client.checkoutConfigurations.retrieve(first.id);
    expect(fetched.plan?.initial_price).toBe(10.43);
  });

  it('creates a setup-mode configuration without a plan', async () => {
    const setup = await client.checkoutConfigurations.create({
      account_id: account,
      mode: 'setup',
      payment_method_configuration: { enabled: ['card'], disabled: [], include_platform_defaults: false },
    });
    created.push(setup.id);
    expect(setup).toMatchObject({
      mode: 'setup',
      plan: null,
      currency: 'usd',
      payment_method_configuration: { enabled: ['card'], include_platform_defaults: false },
    });
    expect((await client.checkoutConfigurations.retrieve(setup.id)).mode).toBe('setup');
  });

  it('lists 60+ configurations with auto-pagination, each seen once', async () => {
    for (let i = 0; i < 60 - created.length + 1; i++) {
      const c = await client.checkoutConfigurations.create({ account_id: account, mode: 'setup' });
      created.push(c.id);
    }
    const seen: string[] = [];
    for await (const c of client.checkoutConfigurations.list({ account_id: account })) seen.push(c.id);
    expect(seen.length).toBe(created.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...created].sort());
    const page = await client.checkoutConfigurations.list({ account_id: account, first: 100 });
    expect(page.data.length).toBe(created.length);
  });

  it('deletes a configuration: 404 afterwards and its URL no longer opens a cart', async () => {
    const id = created[0] as string;
    const config = await client.checkoutConfigurations.retrieve(id);
    const slug = new URL(config.purchase_url as string).pathname.split('/')[2];
    const opened = await gw.inject({ method: 'GET', url: `/checkout-link/${slug}/cart` });
    await client.checkoutConfigurations.delete(id);
    await expect(client.checkoutConfigurations.retrieve(id)).rejects.toMatchObject({ status: 404 });
    await expect(client.checkoutConfigurations.delete(id)).rejects.toMatchObject({ status: 404 });
    const { body } = await gw.graphql('query ($slug: String) { checkoutLink(slug: $slug) { id } }', { slug });
    expect((body.data as any).checkoutLink).toBeNull();
    const cart = await gw.inject({ method: 'GET', url: `/checkout-link/${slug}/cart` });
    // The public entry point shows the checkout while the link sells; afterwards it must not.
    expect(opened.statusCode).toBe(200);
    expect([404, 410]).toContain(cart.statusCode);
  });

  it('deletes a plan and a product (true)', async () => {
    const product = await client.products.create({ title: 'Temp' });
    expect(await client.products.delete(product.id)).toBe(true);
    await expect(client.products.retrieve(product.id)).rejects.toMatchObject({ status: 404 });
    const plan = await client.plans.create({ title: 'Temp', initial_price: 5, currency: 'usd' });
    expect(await client.plans.delete(plan.id)).toBe(true);
    await expect(client.plans.retrieve(plan.id)).rejects.toMatchObject({ status: 404 });
  });
});
