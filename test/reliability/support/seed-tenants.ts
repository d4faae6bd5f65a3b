// One tenant's worth of objects of every kind, made through the public faces (GraphQL, Fynn V2
// and classic, LeanRails, Whop) with one key, for sweeps that aim one tenant's key at another
// tenant's objects. Every name carries the tenant's tag and every metadata a secret, so that a
// leak is a plain substring; `snapshot` reads back everything the tenant owns.
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { decodeId, encodeId } from '../../../src/contract/ids.ts';
import type { TestGateway } from '../../support/gateway.ts';

/** Every prefix a face shows a UUID under (LeanRails cl/prod/price/li/we/evt/cs/co/promo, Whop ch/plan/prod/biz/hook/promo). */
const PREFIXES = ['cl', 'prod', 'price', 'li', 'ch', 'plan', 'biz', 'we', 'evt', 'cs', 'hook', 'co', 'promo'];

/** A UUID in every encoding a response could carry it. */
export const encodings = (uuid: string): string[] => [uuid, ...PREFIXES.map((p) => encodeId(p, uuid))];

/**
 * The kinds of object seeded. draft*, spare* exist to be activated, archived or deleted by a
 * sweep's requests on the caller's own objects (each is used by one request only).
 */
export const ID_KINDS = [
  'org',
  'product',
  'price',
  'price2',
  'plan',
  'tier',
  'tierItem',
  'tierLink',
  'classicLink',
  'classicItem',
  'lrProduct',
  'lrPrice',
  'lrLink',
  'lrLineItem',
  'whopProduct',
  'whopPlan',
  'whopConfig',
  'session',
  'channel',
  'apiKey',
  'draft1',
  'draft2',
  'sparePlan1',
  'sparePlan2',
  'sparePlan3',
  'sparePlan4',
  'spareLink1',
  'spareLink2',
  'spareLink3',
  'spareLink4',
  'spareLink5',
  'spareProduct1',
  'spareProduct2',
  'spareProduct3',
  'spareProduct4',
  'spareProduct5',
  'sparePrice',
  'alias',
  'hook',
  'lrHook',
  'whopHook',
  'fynnHook',
  'spareHook1',
  'spareHook2',
  'spareHook3',
  'spareHook4',
  'event',
  'coupon',
  'promoCode',
  'lrCoupon',
  'lrPromo',
  'whopPromo',
  'spareCoupon1',
  'spareCoupon2',
  'sparePromo',
  'fynnCoupon',
  'spareCoupon3',
] as const;
export type IdKind = (typeof ID_KINDS)[number];

/** The UUIDs of a tenant's objects plus its names that work like ids (plan code, link slug, channel name). */
export type Ids = Record<IdKind, string> & { planCode: string; slug: string; channelName: string };

export interface Tenant {
  tag: string;
  key: string;
  mode: 'TEST' | 'LIVE';
  ids: Ids;
}

/**
 * Ids that exist nowhere, for "same request, unknown id" answers: each keeps the first 64 bits of
 * `near`'s UUID (its UUIDv7 time) with fresh random bits after, so that it sorts where the real
 * id sorts (LeanRails and Whop cursors are ids compared by value), and fresh names.
 */
export function ghostIds(near: Ids): Ids {
  const ids = Object.fromEntries(ID_KINDS.map((k) => [k, `${near[k].slice(0, 19)}${randomUUID().slice(19)}`])) as Record<IdKind, string>;
  const tag = `ghost-${randomUUID().slice(0, 8)}`;
  return { ...ids, planCode: `${tag}-plan`, slug: `${tag}-link`, channelName: `${tag}-ch` };
}

async function rest(gw: TestGateway, key: string, method: InjectOptions['method'], url: string, payload?: unknown): Promise<any> {
  const headers = { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID(), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) };
  const res = await gw.inject({ method, url, headers, ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}) });
  if (res.statusCode >= 300) throw new Error(`seed ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A GraphQL call that must succeed without errors or userErrors; returns `data`. */
export async function gq(gw: TestGateway, key: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await gw.graphql<any>(query, variables, key);
  const payloads = Object.values(res.body.data ?? {}) as { userErrors?: unknown[] }[];
  if (res.body.errors || payloads.some((p) => p?.userErrors?.length)) throw new Error(`seed ${query.slice(0, 60)}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

const PRODUCT = 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { message } } }';
const PLAN = 'mutation ($input: CreatePlanInput!) { createPlan(input: $input) { plan { id } userErrors { message } } }';
const LINK = 'mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id slug } userErrors { message } } }';

export async function seedTenant(gw: TestGateway, org: string, key: string, mode: 'TEST' | 'LIVE', tag: string): Promise<Tenant> {
  const secret = { secret: `secret-${tag}` };
  const q = (query: string, variables?: Record<string, unknown>) => gq(gw, key, query, variables);
  const p = (
    await q(PRODUCT, {
      input: { name: `${tag} product`, metadata: secret, defaultPrice: { currency: 'EUR', unitAmount: 1000, recurring: { interval: 'MONTH' } } },
    })
  ).createProduct.product;
  const price2 = (
    await q('mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id } userErrors { message } } }', {
      input: { productId: p.id, currency: 'EUR', unitAmount: 2000, recurring: { interval: 'MONTH' }, metadata: secret },
    })
  ).createPrice.price.id;
  const spareProduct = async (n: number) => (await q(PRODUCT, { input: { name: `${tag} spare product ${n}` } })).createProduct.product.id as string;
  const items = [{ productId: p.id, priceId: p.defaultPrice.id }];
  const plan = async (code: string, activate: boolean) =>
    (await q(PLAN, { input: { code: `${tag}-${code}`, name: `${tag} ${code}`, activate, metadata: secret, tiers: [{ name: `${tag} ${code} tier`, items }] } }))
      .createPlan.plan.id as string;
  const spareLink = async (n: number) =>
    (await q(LINK, { input: { title: `${tag} spare link ${n}`, lineItems: [{ priceId: p.defaultPrice.id }] } })).createCheckoutLink.checkoutLink.id as string;

  const fynnPlan = await rest(gw, key, 'POST', '/fynn/api/plans', {
    code: `${tag}-plan`,
    name: `${tag} plan`,
    tiers: [{ name: `${tag} tier`, items: [{ productId: p.id, pricePlanId: p.defaultPrice.id }] }],
  });
  await rest(gw, key, 'POST', `/fynn/api/plans/${fynnPlan.id}/activate`);
  const tierLink = await rest(gw, key, 'POST', `/fynn/api/plans/${fynnPlan.id}/checkout-links`, { planTierId: fynnPlan.tiers[0].id });
  const classic = await rest(gw, key, 'POST', '/fynn/checkout-links', {
    name: `${tag} classic link`,
    items: [{ type: 'product', product: p.id, price: p.defaultPrice.id, quantity: 1 }],
  });

  const lrProduct = await rest(gw, key, 'POST', '/leanrails/v1/products', { name: `${tag} lr product`, metadata: secret });
  const lrPrice = await rest(gw, key, 'POST', '/leanrails/v1/prices', { product: lrProduct.id, currency: 'usd', unit_amount: 500, metadata: secret });
  const lrLink = await rest(gw, key, 'POST', '/leanrails/v1/checkout_links', {
    title: `${tag} lr link`,
    line_items: [{ price: lrPrice.id, quantity: 1 }],
    metadata: secret,
  });
  const lrItems = await rest(gw, key, 'GET', `/leanrails/v1/checkout_links/${lrLink.id}/line_items`);

  const whopProduct = await rest(gw, key, 'POST', '/whop/api/v1/products', { title: `${tag} whop product`, metadata: secret });
  const whopPlan = await rest(gw, key, 'POST', '/whop/api/v1/plans', {
    product_id: whopProduct.id,
    title: `${tag} whop plan`,
    currency: 'usd',
    initial_price: 5,
    metadata: secret,
  });
  const whopConfig = await rest(gw, key, 'POST', '/whop/api/v1/checkout_configurations', { plan_id: whopPlan.id, metadata: secret });

  const session = (
    await q('mutation ($input: CreateCartInput!) { createCart(input: $input) { checkoutSession { id } userErrors { message } } }', {
      input: { checkoutLinkId: classic.id, metadata: secret },
    })
  ).createCart.checkoutSession.id;
  const channelName = `${tag}-ch`;
  const channel = (
    await q('mutation ($input: CreateSalesChannelInput!) { createSalesChannel(input: $input) { salesChannel { id } userErrors { message } } }', {
      input: { name: channelName, brandName: `${tag} brand` },
    })
  ).createSalesChannel.salesChannel.id;
  const apiKey = (
    await q('mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } userErrors { message } } }', {
      input: { organisationId: org, mode, name: `${tag} key` },
    })
  ).createApiKey.apiKey.id;

  const uuid = (prefix: string, id: string): string =>
    decodeId(prefix, id) ??
    (() => {
      throw new Error(`not a ${prefix} id: ${id}`);
    })();
  // Webhook endpoints of every format (a public https address: live mode checks it), and an event.
  const hookUrl = `https://93.184.215.14/${tag}`;
  const hook = async (format: string) =>
    (
      await q('mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { webhookEndpoint { id } userErrors { message } } }', {
        input: { url: hookUrl, format, metadata: secret, description: `${tag} hook` },
      })
    ).createWebhookEndpoint.webhookEndpoint.id as string;
  const event = (await q('query ($id: ID!) { events(filter: { objectId: $id, type: "product.created" }) { nodes { id } } }', { id: p.id })).events.nodes[0]
    .id as string;
  // Coupons and promotion codes through GraphQL, LeanRails and Whop (codes carry the tag: a leak is a substring).
  const COUPON = 'mutation ($input: CreateCouponInput!) { createCoupon(input: $input) { coupon { id promotionCodes { id } } userErrors { message } } }';
  const coupon = (await q(COUPON, { input: { name: `${tag} coupon`, percentOff: 10, metadata: secret, promotionCodes: [{ code: `${tag}-gql` }] } }))
    .createCoupon.coupon;
  const spareCoupon2 = (await q(COUPON, { input: { name: `${tag} spare coupon 2`, amountOff: 100, currency: 'EUR' } })).createCoupon.coupon.id as string;
  const lrCoupon = await rest(gw, key, 'POST', '/leanrails/v1/coupons', { name: `${tag} lr coupon`, percent_off: 15, metadata: secret });
  const lrPromo = await rest(gw, key, 'POST', '/leanrails/v1/promotion_codes', { coupon: lrCoupon.id, code: `${tag}-lr`, metadata: secret });
  const spareCoupon1 = await rest(gw, key, 'POST', '/leanrails/v1/coupons', { name: `${tag} spare coupon 1`, percent_off: 5 });
  const whopPromo = await rest(gw, key, 'POST', '/whop/api/v1/promo_codes', {
    code: `${tag}-whop`,
    amount_off: 20,
    base_currency: 'usd',
    promo_type: 'percentage',
  });
  const sparePromo = await rest(gw, key, 'POST', '/whop/api/v1/promo_codes', {
    code: `${tag}-spare`,
    amount_off: 3,
    base_currency: 'usd',
    promo_type: 'flat_amount',
  });
  const fynnCoupon = await rest(gw, key, 'POST', '/fynn/coupons', {
    name: `${tag} fynn coupon`,
    code: `${tag}-fynn`,
    discountType: 'fixed',
    value: 250,
    currencyCode: 'EUR',
    products: [p.id],
  });
  const spareCoupon3 = await rest(gw, key, 'POST', '/fynn/coupons', { name: `${tag} spare coupon 3`, discountType: 'percentage', value: 7 });
  const ids: Ids = {
    org,
    product: p.id,
    price: p.defaultPrice.id,
    price2,
    plan: fynnPlan.id,
    tier: fynnPlan.tiers[0].id,
    tierItem: fynnPlan.tiers[0].items[0].id,
    tierLink: tierLink.id,
    classicLink: classic.id,
    classicItem: classic.items[0].id,
    lrProduct: uuid('prod', lrProduct.id),
    lrPrice: uuid('price', lrPrice.id),
    lrLink: uuid('cl', lrLink.id),
    lrLineItem: uuid('li', lrItems.data[0].id),
    whopProduct: uuid('prod', whopProduct.id),
    whopPlan: uuid('plan', whopPlan.id),
    whopConfig: uuid('ch', whopConfig.id),
    session,
    channel,
    apiKey,
    draft1: await plan('draft-1', false),
    draft2: await plan('draft-2', false),
    sparePlan1: await plan('spare-1', true),
    sparePlan2: await plan('spare-2', true),
    sparePlan3: await plan('spare-3', true),
    sparePlan4: await plan('spare-4', true),
    spareLink1: await spareLink(1),
    spareLink2: await spareLink(2),
    spareLink3: await spareLink(3),
    spareLink4: await spareLink(4),
    spareLink5: await spareLink(5),
    spareProduct1: await spareProduct(1),
    spareProduct2: await spareProduct(2),
    spareProduct3: await spareProduct(3),
    spareProduct4: await spareProduct(4),
    spareProduct5: await spareProduct(5),
    sparePrice: (
      await q('mutation ($input: CreatePriceInput!) { createPrice(input: $input) { price { id } userErrors { message } } }', {
        input: { productId: p.id, currency: 'EUR', unitAmount: 300 },
      })
    ).createPrice.price.id,
    alias: (
      await q('mutation ($input: AddVendorAccountAliasInput!) { addVendorAccountAlias(input: $input) { vendorAccountAlias { id } userErrors { message } } }', {
        input: { vendor: 'WHOP', accountId: `biz_${tag.replace(/[^A-Za-z0-9]/g, '')}` },
      })
    ).addVendorAccountAlias.vendorAccountAlias.id,
    hook: await hook('STANDARD'),
    lrHook: await hook('LEANRAILS'),
    whopHook: await hook('WHOP'),
    fynnHook: await hook('FYNN'),
    spareHook1: await hook('LEANRAILS'),
    spareHook2: await hook('WHOP'),
    spareHook3: await hook('FYNN'),
    spareHook4: await hook('STANDARD'),
    event,
    coupon: coupon.id,
    promoCode: coupon.promotionCodes[0].id,
    lrCoupon: uuid('co', lrCoupon.id),
    lrPromo: uuid('promo', lrPromo.id),
    whopPromo: uuid('promo', whopPromo.id),
    spareCoupon1: uuid('co', spareCoupon1.id),
    spareCoupon2,
    sparePromo: uuid('promo', sparePromo.id),
    fynnCoupon: fynnCoupon.id,
    spareCoupon3: spareCoupon3.id,
    planCode: `${tag}-plan`,
    slug: classic.slug,
    channelName,
  };
  return { tag, key, mode, ids };
}

const texts = (ids: Ids, kind: string): string[] =>
  (ID_KINDS as readonly string[]).includes(kind) ? encodings(ids[kind as keyof Ids]) : [ids[kind as keyof Ids]];
/** `text` with every encoding of the `used` ids (kinds) replaced by `<kind>`. */
export const mask = (text: string, ids: Ids, used: Set<string>): string =>
  [...used].reduce((out, kind) => texts(ids, kind).reduce((o, s) => o.split(s).join(`<${kind}>`), out), text);

/** What of `owner` a (masked) answer shows: its tag (names, secrets, slugs) or an id it was not asked about. */
export function leaks(masked: string, owner: Tenant, caller: Tenant): string[] {
  const found = masked.includes(owner.tag) ? [owner.tag] : [];
  for (const kind of ID_KINDS) {
    if (kind === 'org' && owner.ids.org === caller.ids.org) continue;
    for (const s of encodings(owner.ids[kind])) if (masked.includes(s)) found.push(`${kind} ${s}`);
  }
  return found;
}

/** Whether `text` carries any of the ids in any encoding. */
export const showsAnyId = (text: string, ids: Ids): boolean => ID_KINDS.some((k) => encodings(ids[k]).some((s) => text.includes(s)));

const SNAPSHOT = `{
  products(first: 100, filter: { includePlanOnly: true }) { totalCount nodes { id name active metadata updatedAt defaultPrice { id } } }
  prices(first: 100, filter: { includeInline: true }) { totalCount nodes { id active nickname metadata updatedAt } }
  plans(first: 100) { totalCount nodes { id code name status metadata updatedAt tiers { id name items { id } } } }
  checkoutLinks(first: 100) { totalCount nodes { id slug title active metadata updatedAt lineItems { id quantity } } }
  checkoutSessions(first: 100) { totalCount nodes { id status metadata updatedAt } }
  salesChannels { id name brandName updatedAt }
  apiKeys { id name revokedAt }
  coupons(first: 100) { totalCount nodes { id name valid timesRedeemed metadata updatedAt promotionCodes { id } } }
  promotionCodes(first: 100) { totalCount nodes { id code active timesRedeemed metadata updatedAt } }
  webhookEndpoints(first: 100) { totalCount nodes { id url format enabled enabledEvents description metadata updatedAt } }
}`;

/** Everything a tenant owns, read with its own key (for "nothing of it changed"). */
export const snapshot = (gw: TestGateway, t: Tenant): Promise<unknown> => gq(gw, t.key, SNAPSHOT);
