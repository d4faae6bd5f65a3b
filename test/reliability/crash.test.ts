// kill -9 of a real gateway process in the middle of a load of creates in every dialect, then a
// restart on the same database: every create that was answered 2xx must read back whole through
// its own dialect, and no half-written object may exist (support/integrity.ts). On PostgreSQL
// (DATABASE_URL) and on PGlite (a pglite://<folder>, the default of our users).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { mutate, spawnGateway, stopAll, type Gateway, type Reply, type RequestOptions } from './support/gateways.ts';
import { integrityViolations, runningIdempotencyKeys, tableCounts, type Query } from './support/integrity.ts';

const CLIENTS = 12;
const LOAD_MS = 1500;
const MIN_ACKED = 4 * 6;
const KINDS = ['graphql', 'fynn-v2-plan', 'fynn-v2-link', 'fynn-classic', 'leanrails', 'whop'] as const;
type Kind = (typeof KINDS)[number];
// Integrity checks known to fail (each logged whenever it shows). Empty: Whop's inline plan is
// one transaction since createPlan takes inline products and prices.
const KNOWN_BUGS: string[] = [];

interface Fixtures {
  productId: string;
  priceId: string;
  planId: string;
  tierIds: string[];
  lrProduct: string;
}
interface Attempt {
  kind: Kind;
  n: number;
  path: string;
  options: RequestOptions;
  reply?: Reply;
  error?: string;
}

const LINK = 'id slug title source currency lineItems { quantity amountSubtotal currency price { unitAmount } }';

async function fixtures(gw: Gateway): Promise<Fixtures> {
  const created = await mutate(
    gw,
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { product { id defaultPrice { id } } userErrors { message } } }',
    { input: { name: 'Seat', defaultPrice: { currency: 'EUR', unitAmount: 4900, recurring: { interval: 'MONTH' } } } },
    'createProduct',
  );
  const productId = created.product.id as string;
  const priceId = created.product.defaultPrice.id as string;
  const item = { productId, pricePlanId: priceId };
  const plan = await gw.request('POST', '/fynn/api/plans', {
    body: {
      code: 'crash-fixture',
      name: 'Fixture',
      tiers: [
        { name: 'A', items: [item] },
        { name: 'B', items: [item, item] },
      ],
    },
  });
  expect((await gw.request('POST', `/fynn/api/plans/${plan.json.id}/activate`)).status).toBe(200);
  const lr = await gw.request('POST', '/leanrails/v1/products', { auth: 'basic', body: { name: 'Widget' }, headers: { 'idempotency-key': randomUUID() } });
  return { productId, priceId, planId: plan.json.id, tierIds: plan.json.tiers.map((t: { id: string }) => t.id), lrProduct: lr.json.id };
}

/** The n-th create of `kind`: path and request. Every body carries n, so it can be found again. */
function createRequest(kind: Kind, n: number, fx: Fixtures): { path: string; options: RequestOptions } {
  const qty = 1 + (n % 3);
  switch (kind) {
    case 'graphql':
      return {
        path: '/graphql',
        options: {
          body: {
            query: `mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { ${LINK} } userErrors { message } } }`,
            variables: {
              input: {
                title: `crash-g-${n}`,
                lineItems: [{ priceData: { productName: `Inline ${n}`, currency: 'EUR', unitAmount: 100 + n }, quantity: qty }, { priceId: fx.priceId }],
              },
            },
          },
        },
      };
    case 'fynn-v2-plan':
      return {
        path: '/fynn/api/plans',
        options: {
          body: {
            code: `crash-${n}`,
            name: `Crash ${n}`,
            tiers: [
              { name: 'Solo', items: [{ productId: fx.productId, pricePlanId: fx.priceId }] },
              { name: 'Team', items: [{ productId: fx.productId, pricePlanId: fx.priceId, defaultQuantity: qty }] },
            ],
          },
        },
      };
    case 'fynn-v2-link':
      return { path: `/fynn/api/plans/${fx.planId}/checkout-links`, options: { body: { planTierId: fx.tierIds[n % 2] } } };
    case 'fynn-classic':
      return {
        path: '/fynn/checkout-links',
        options: { body: { name: `crash-c-${n}`, items: [{ type: 'product', product: fx.productId, price: fx.priceId, quantity: qty }] } },
      };
    case 'leanrails':
      return {
        path: '/leanrails/v1/checkout_links',
        options: {
          auth: 'basic',
          headers: { 'idempotency-key': `crash-lr-${n}` },
          body: { title: `crash-l-${n}`, line_items: [{ quantity: qty, price_data: { currency: 'usd', product: fx.lrProduct, unit_amount: 500 + n } }] },
        },
      };
    case 'whop':
      return {
        path: '/whop/api/v1/checkout_configurations',
        options: {
          headers: { 'idempotency-key': `crash-w-${n}` },
          body: {
            plan: { currency: 'usd', initial_price: (100 + n) / 100, plan_type: 'one_time', title: `crash-w-${n}`, force_create_new_plan: true },
            metadata: { n: String(n) },
          },
        },
      };
  }
}

/** The object of an acknowledged create (a 2xx with the object in it), or null. */
function acknowledged(a: Attempt): any {
  const r = a.reply;
  if (!r || r.status < 200 || r.status > 299) return null;
  return a.kind === 'graphql' ? (r.json?.data?.createCheckoutLink?.checkoutLink ?? null) : r.json;
}

/** The create's answer reflects its request: amounts, items, tiers, plan. */
function expectComplete(a: Attempt, obj: any, fx: Fixtures): void {
  const qty = 1 + (a.n % 3);
  if (a.kind === 'graphql')
    expect(obj.lineItems).toEqual([
      { quantity: qty, amountSubtotal: qty * (100 + a.n), currency: 'EUR', price: { unitAmount: 100 + a.n } },
      { quantity: 1, amountSubtotal: 4900, currency: 'EUR', price: { unitAmount: 4900 } },
    ]);
  if (a.kind === 'fynn-v2-plan')
    expect(obj.tiers.map((t: any) => [t.name, t.items.length, t.items[0].pricePlanId])).toEqual([
      ['Solo', 1, fx.priceId],
      ['Team', 1, fx.priceId],
    ]);
  if (a.kind === 'fynn-v2-link') expect(obj.planTierId).toBe(fx.tierIds[a.n % 2]);
  if (a.kind === 'fynn-classic') expect(obj.items).toMatchObject([{ product: fx.productId, price: fx.priceId, quantity: qty }]);
  if (a.kind === 'leanrails') expect(obj).toMatchObject({ title: `crash-l-${a.n}`, currency: 'usd', active: true });
  if (a.kind === 'whop') expect(obj.plan).toMatchObject({ initial_price: (100 + a.n) / 100, currency: 'usd', plan_type: 'one_time' });
}

/** Reads the object back through its own dialect; returns what the dialect answers now. */
async function readBack(gw: Gateway, a: Attempt, obj: any, fx: Fixtures): Promise<unknown> {
  switch (a.kind) {
    case 'graphql':
      return (await gw.graphql(`query ($id: ID) { checkoutLink(id: $id) { ${LINK} } }`, { id: obj.id })).json?.data?.checkoutLink;
    case 'fynn-v2-plan':
      return (await gw.request('GET', `/fynn/api/plans/${obj.id}`)).json;
    case 'fynn-v2-link':
      return ((await gw.request('GET', `/fynn/api/plans/${fx.planId}/checkout-links`)).json as any[]).find((l) => l.id === obj.id);
    case 'fynn-classic':
      return (await gw.request('GET', `/fynn/checkout-links/${obj.id}`)).json;
    case 'leanrails': {
      const items = (await gw.request('GET', `/leanrails/v1/checkout_links/${obj.id}/line_items`, { auth: 'basic' })).json;
      expect(items.data.map((i: any) => i.amount_subtotal)).toEqual([(1 + (a.n % 3)) * (500 + a.n)]);
      return (await gw.request('GET', `/leanrails/v1/checkout_links/${obj.id}`, { auth: 'basic' })).json;
    }
    case 'whop':
      return (await gw.request('GET', `/whop/api/v1/checkout_configurations/${obj.id}`)).json;
  }
}

/** JSON with sorted keys: the same object whatever order a mapper writes its fields in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

/** CLIENTS concurrent clients creating in turn in every dialect (into `attempts`) until `stopped()`. */
async function load(gw: Gateway, fx: Fixtures, attempts: Attempt[], stopped: () => boolean): Promise<Attempt[]> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (!stopped()) {
        const n = next++;
        const kind = KINDS[n % KINDS.length]!;
        const attempt: Attempt = { kind, n, ...createRequest(kind, n, fx) };
        attempts.push(attempt);
        try {
          attempt.reply = await gw.request('POST', attempt.path, attempt.options);
        } catch (error) {
          attempt.error = String((error as { cause?: { code?: string } }).cause?.code ?? error);
        }
      }
    }),
  );
  return attempts;
}

interface Backend {
  databaseUrl: string;
  query(): Promise<{ run: Query; close(): Promise<void> }>;
  close(): Promise<void>;
}

async function postgres(): Promise<Backend> {
  const db: TestDatabase = await createTestDatabase();
  return {
    databaseUrl: db.url,
    async query() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return { run: async (sql) => (await client.query(sql)).rows, close: () => client.end() };
    },
    close: () => db.close(),
  };
}

function pgliteFolder(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'cg-crash-'));
  return {
    databaseUrl: `pglite://${dir}`,
    async query() {
      const db = await PGlite.create(dir); // only once the gateway has stopped: one process per folder
      return { run: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows, close: () => db.close() };
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

afterAll(() => stopAll());

describe.each([
  { name: 'PostgreSQL (needs DATABASE_URL)', skip: !onPostgres(), open: postgres },
  { name: 'PGlite folder', skip: false, open: async () => pgliteFolder() },
])('kill -9 mid-load on $name', ({ skip, open }) => {
  it.skipIf(skip)('every create answered 2xx is there and complete after the restart; nothing is half-written', async () => {
    const backend = await open();
    const gateways: Gateway[] = [];
    try {
      const first = await spawnGateway({ name: 'gateway (to be killed)', databaseUrl: backend.databaseUrl });
      gateways.push(first);
      const fx = await fixtures(first);
      let killed = false;
      const attempts: Attempt[] = [];
      const running = load(first, fx, attempts, () => killed);
      // LOAD_MS of load, and at least MIN_ACKED answers (a slow, shared machine), but at most 20 s.
      const since = performance.now();
      while (performance.now() - since < 20_000 && (performance.now() - since < LOAD_MS || attempts.filter(acknowledged).length < MIN_ACKED)) {
        await new Promise((r) => setTimeout(r, 50));
      }
      killed = true;
      await first.kill();
      await running;

      const acked = attempts.filter((a) => acknowledged(a));
      const answered = attempts.filter((a) => a.reply);
      const inFlight = attempts.filter((a) => a.error && a.error !== 'ECONNREFUSED');
      expect(answered.filter((a) => !acknowledged(a)).map((a) => `${a.kind} ${a.reply!.status} ${a.reply!.text}`)).toEqual([]);
      for (const a of acked) expectComplete(a, acknowledged(a), fx);
      expect(acked.length).toBeGreaterThanOrEqual(MIN_ACKED);

      const restartedAt = performance.now();
      const second = await spawnGateway({ name: 'gateway (restarted)', databaseUrl: backend.databaseUrl, port: first.port });
      const restartMs = Math.round(performance.now() - restartedAt);
      gateways.push(second);
      second.bootstrapKey = first.bootstrapKey;
      const missing: string[] = [];
      for (const a of acked) {
        const now = await readBack(second, a, acknowledged(a), fx);
        if (canonical(now) !== canonical(acknowledged(a)))
          missing.push(`${a.kind} #${a.n}: answered ${canonical(acknowledged(a))}, now ${canonical(now)}`.slice(0, 2000));
      }
      const perKind = Object.fromEntries(KINDS.map((k) => [k, acked.filter((a) => a.kind === k).length]));
      console.log(
        `${backend.databaseUrl.split(':')[0]}: ${attempts.length} creates sent, ${acked.length} acknowledged ${JSON.stringify(perKind)}, ` +
          `${acked.length - missing.length} found whole after kill -9 and a restart (ready in ${restartMs} ms), ${inFlight.length} cut off in flight`,
      );
      expect(missing).toEqual([]);

      // What a client does with a create cut off by the crash: retry it with the same Idempotency-Key.
      const retries = await Promise.all(inFlight.filter((a) => a.options.headers?.['idempotency-key']).map((a) => second.request('POST', a.path, a.options)));
      for (const r of retries) expect(r.status, r.text).toBeLessThan(500);
      console.log(
        `retries of cut-off idempotent creates after the restart: ${JSON.stringify(retries.map((r) => `${r.status} ${r.json?.error?.code ?? r.json?.error?.type ?? ''}`.trim()))}`,
      );
      await second.stop();

      const db = await backend.query();
      try {
        console.log('rows after the crash', await tableCounts(db.run), 'idempotency keys left running', await runningIdempotencyKeys(db.run));
        const found = await integrityViolations(db.run);
        for (const bug of KNOWN_BUGS) if (found[bug]) console.warn(`KNOWN BUG seen after kill -9 (${bug}):`, found[bug]);
        expect(Object.fromEntries(Object.entries(found).filter(([check]) => !KNOWN_BUGS.includes(check)))).toEqual({});
      } finally {
        await db.close();
      }
    } finally {
      for (const gw of gateways) await gw.stop();
      await backend.close();
    }
  });
});

describe('the PGlite folder lock after kill -9', () => {
  it('does not block the restart when the dead gateway’s pid now belongs to another process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-lock-'));
    const other = spawn('sleep', ['60']);
    try {
      const first = await spawnGateway({ name: 'gateway (to be killed)', databaseUrl: `pglite://${dir}` });
      await first.kill();
      const lock = join(dir, '.gateway.pid');
      const [pid, ...rest] = readFileSync(lock, 'utf8').trim().split(' ');
      expect(Number(pid)).toBe(first.child.proc.pid);
      // Pid reuse (a container restarted after an OOM kill): the same number, another process.
      writeFileSync(lock, [other.pid, ...rest].join(' '));
      const second = await spawnGateway({ name: 'gateway (restarted)', databaseUrl: `pglite://${dir}` });
      expect(readFileSync(lock, 'utf8').split(' ')[0]).toBe(String(second.child.proc.pid));
      await second.stop();
      expect(existsSync(lock)).toBe(false);
    } finally {
      other.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
