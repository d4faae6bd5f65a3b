// Two real gateway processes (`node src/main.js`) on one PostgreSQL database (and one Redis when
// REDIS_URL is set): idempotency keys, rate limits, the completed-sessions limit of a cart and
// API-key revocation must hold across processes, not just inside one.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { adminUrl, databaseUrlWith, randomDatabaseName } from '../support/postgres.ts';
import { createKey, mutate, spawnGateway, stopAll, type Gateway, type Reply } from './support/gateways.ts';

const REDIS = process.env.REDIS_URL;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let db: TestDatabase;
let sql: pg.Client;
let a: Gateway;
let b: Gateway;
/** Alternates the two processes: request i goes to a (even) or b (odd). */
const either = (i: number): Gateway => (i % 2 === 0 ? a : b);
const count = async (query: string, params: unknown[]): Promise<number> => Number((await sql.query(query, params)).rows[0].count);

describe.skipIf(!onPostgres())('two gateway processes on one database (needs DATABASE_URL (PostgreSQL))', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    // One after the other: the first start bootstraps the organisation and prints its key.
    a = await spawnGateway({ name: 'gateway A', databaseUrl: db.url, env: { REDIS_URL: REDIS } });
    b = await spawnGateway({ name: 'gateway B', databaseUrl: db.url, env: { REDIS_URL: REDIS } });
    expect(a.bootstrapKey).toMatch(/^sk_test_/);
    expect(b.bootstrapKey).toBeUndefined();
    b.bootstrapKey = a.bootstrapKey;
  });
  afterAll(async () => {
    await stopAll();
    await sql?.end();
    await db?.close();
  });

  /** 100 concurrent POSTs with one key, alternating the processes; returns the replies. */
  async function burst(path: string, body: unknown, idem: string, auth: 'basic' | 'bearer'): Promise<Reply[]> {
    const send = (gw: Gateway) => gw.request('POST', path, { body, auth, headers: { 'idempotency-key': idem } });
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => send(either(i))));
    const tally: Record<number, number> = {};
    for (const r of replies) tally[r.status] = (tally[r.status] ?? 0) + 1;
    console.log(`${path} with one Idempotency-Key, 100 over two processes: statuses ${JSON.stringify(tally)}`);
    for (const r of replies) expect(r.status, r.text).toBeLessThan(500);
    const ok = replies.filter((r) => r.status < 300);
    expect(ok.length, `${JSON.stringify(tally)} ${replies.find((r) => r.status >= 300)?.text}`).toBeGreaterThanOrEqual(1);
    for (const r of ok) expect(r.text).toBe(ok[0]!.text);
    // Once the burst is over, the key replays the one body on either process.
    for (const gw of [a, b]) {
      const again = await send(gw);
      expect(again.status).toBe(ok[0]!.status);
      expect(again.text).toBe(ok[0]!.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    return replies;
  }

  it('LeanRails: 100 concurrent creates with one Idempotency-Key over both processes make one link', async () => {
    const product = await a.request('POST', '/leanrails/v1/products', {
      auth: 'basic',
      body: { name: 'Widget' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(product.status, product.text).toBe(200);
    const title = `idem-lr-${randomUUID().slice(0, 8)}`; // LeanRails titles: at most 30 characters
    const body = { title, line_items: [{ quantity: 2, price_data: { currency: 'usd', product: product.json.id, unit_amount: 999 } }] };
    const replies = await burst('/leanrails/v1/checkout_links', body, `lr-${randomUUID()}`, 'basic');
    for (const r of replies.filter((x) => x.status >= 300)) {
      expect(r.status, r.text).toBe(409);
      expect(r.json.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
    }
    const id = replies.find((r) => r.status === 200)!.json.id;
    expect(await count('select count(*) from checkout_link where title = $1', [title])).toBe(1);
    // The handler ran once: one inline price on the product, one line item.
    expect(await count('select count(*) from price p join line_item li on li.price_id = p.id where p.unit_amount = 999', [])).toBe(1);
    const list = await b.request('GET', '/leanrails/v1/checkout_links?limit=100', { auth: 'basic' });
    expect(list.json.data.filter((l: any) => l.title === title).map((l: any) => l.id)).toEqual([id]);
  });

  it('Whop: 100 concurrent creates with one Idempotency-Key over both processes make one configuration and one plan', async () => {
    const run = randomUUID();
    const body = {
      plan: { currency: 'usd', initial_price: 17.25, plan_type: 'one_time', title: `idem-whop-${run}`, force_create_new_plan: true },
      metadata: { run },
    };
    const replies = await burst('/whop/api/v1/checkout_configurations', body, `whop-${run}`, 'bearer');
    for (const r of replies.filter((x) => x.status >= 300)) {
      expect(r.status, r.text).toBe(409);
      expect(r.headers.get('x-should-retry')).toBe('true');
    }
    const created = replies.find((r) => r.status === 201)!.json;
    expect(await count(`select count(*) from checkout_link where metadata->>'run' = $1`, [run])).toBe(1);
    expect(await count('select count(*) from plan where name = $1', [`idem-whop-${run}`])).toBe(1);
    const list = await a.request('GET', '/whop/api/v1/checkout_configurations?first=100');
    expect(list.json.data.filter((c: any) => c.metadata?.run === run).map((c: any) => c.id)).toEqual([created.id]);
  });
  // Fynn has no Idempotency-Key (adapters/fynn: no idempotent POSTs), so it has no case here.

  it.skipIf(!REDIS)(`rate limit shared through Redis: N requests over both pass, N+1 is 429 on either${REDIS ? '' : ' (needs REDIS_URL)'}`, async () => {
    const N = 12;
    const env = { REDIS_URL: REDIS, RATE_LIMIT_MAX: String(N), RATE_LIMIT_WINDOW_MS: '120000' };
    const c = await spawnGateway({ name: 'gateway C (limited)', databaseUrl: db.url, env });
    const d = await spawnGateway({ name: 'gateway D (limited)', databaseUrl: db.url, env });
    const { secret } = await createKey(a, 'rate-limited');
    const call = (gw: Gateway) => gw.request('GET', '/leanrails/v1/checkout_links?limit=1', { key: secret, auth: 'basic' });
    const within = await Promise.all(Array.from({ length: N }, (_, i) => call(i % 2 === 0 ? c : d)));
    expect(within.map((r) => r.status)).toEqual(Array(N).fill(200));
    for (const gw of [c, d]) {
      const over = await call(gw);
      expect(over.status, `${gw.name}: ${over.text}`).toBe(429);
      expect(over.json.error.type).toBe('rate_limit_error');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    }
    await Promise.all([c.stop(), d.stop()]);
  });

  it('a link with a completion limit of 1: ten concurrent completions over both processes complete exactly one', async () => {
    const created = await mutate(
      a,
      'mutation ($input: CreateCheckoutLinkInput!) { createCheckoutLink(input: $input) { checkoutLink { id slug } userErrors { message } } }',
      { input: { title: 'Limited', completedSessionsLimit: 1, lineItems: [{ priceData: { productName: 'Seat', currency: 'EUR', unitAmount: 4990 } }] } },
      'createCheckoutLink',
    );
    const { id, slug } = created.checkoutLink;
    // Each buyer posts the link's form: the session starts and completes in one request.
    const card = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' };
    const done = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        either(i).request('POST', `/checkout-link/${slug}/cart`, { key: null, form: { email: `buyer${i}@example.com`, ...card } }),
      ),
    );
    const statuses = done.map((r) => r.status).sort();
    expect(statuses).toEqual([303, ...Array(9).fill(410)]);
    expect(await count(`select count(*) from checkout_session where checkout_link_id = $1 and status = 'complete'`, [id])).toBe(1);
    expect((await sql.query('select completed_sessions_count from checkout_link where id = $1', [id])).rows[0].completed_sessions_count).toBe(1);
    for (const gw of [a, b]) expect((await gw.request('GET', `/checkout-link/${slug}/cart`, { key: null })).status).toBe(410);
  });

  /** Every face on `gw` with `key`: the statuses. */
  const faces = async (gw: Gateway, key: string) => [
    (await gw.graphql('{ viewer { mode } }', {}, key)).status,
    (await gw.request('GET', '/leanrails/v1/checkout_links?limit=1', { key, auth: 'basic' })).status,
    (await gw.request('GET', '/fynn/checkout-links', { key })).status,
    (await gw.request('GET', '/whop/api/v1/checkout_configurations', { key })).status,
  ];

  /**
   * Gateways cache authenticated keys; a revocation reaches the others through PostgreSQL
   * LISTEN/NOTIFY. The revoking process answers only once its own listener has the
   * notification, but another process may take a few more milliseconds to read its own: the
   * promise is "refused everywhere within a moment" (we allow 250 ms), not "on the same tick".
   */
  const refusedWithin = async (gw: Gateway, key: string, ms: number) => {
    const since = performance.now();
    let statuses = await faces(gw, key);
    while (statuses.some((s) => s !== 401) && performance.now() - since < ms) {
      await new Promise((r) => setTimeout(r, 5));
      statuses = await faces(gw, key);
    }
    return statuses;
  };

  it('a key revoked through one process (GraphQL revokeApiKey) is refused at once by that process and within 250 ms by the other', async () => {
    const key = await createKey(a, 'revoke-me');
    // Both processes have just authenticated it (and hold it in their caches).
    expect([...(await faces(a, key.secret)), ...(await faces(b, key.secret))]).toEqual(Array(8).fill(200));
    await mutate(a, 'mutation ($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } userErrors { message } } }', { id: key.id }, 'revokeApiKey');
    expect(await faces(a, key.secret)).toEqual([401, 401, 401, 401]);
    expect(await refusedWithin(b, key.secret, 250)).toEqual([401, 401, 401, 401]);
  });

  it('a key revoked with the CLI (a third process) is refused by both gateways within 250 ms', async () => {
    const key = await createKey(a, 'revoke-me-cli');
    expect([...(await faces(a, key.secret)), ...(await faces(b, key.secret))]).toEqual(Array(8).fill(200));
    const cli = await promisify(execFile)(process.execPath, [`${ROOT}src/cli/main.ts`, 'keys', 'revoke', key.id], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    expect(cli.stdout).toContain(`Revoked key ${key.id}`);
    expect(await refusedWithin(b, key.secret, 250)).toEqual([401, 401, 401, 401]);
    expect(await refusedWithin(a, key.secret, 250)).toEqual([401, 401, 401, 401]);
  });

  // Two processes starting together on a new database: migrations and the first-start bootstrap
  // run under a PostgreSQL advisory lock (src/db/orm.ts openOrmThen), so both become ready.
  it('two gateways started at the same moment on a new, empty database both become ready', async () => {
    const admin = new pg.Client({ connectionString: adminUrl(db.url) });
    await admin.connect();
    try {
      for (let round = 0; round < 3; round++) {
        const name = randomDatabaseName();
        await admin.query(`create database "${name}"`);
        const url = databaseUrlWith(db.url, name);
        const started = await Promise.allSettled([spawnGateway({ databaseUrl: url }), spawnGateway({ databaseUrl: url })]);
        for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
        await admin.query(`drop database if exists "${name}" with (force)`);
        expect(started.map((s) => (s.status === 'fulfilled' ? 'ready' : String(s.reason).split('\n')[1]))).toEqual(['ready', 'ready']);
      }
    } finally {
      await admin.end();
    }
  });
});
