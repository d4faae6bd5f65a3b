// Idempotency is atomic with the write: the objects a keyed request creates and its stored
// answer commit in one transaction (the runner's core.atomic, adapters/kernel/idempotency-step.ts + src/http/idempotency.ts).
// The crash window "committed, answer not stored yet" is simulated by making the database refuse
// the storing of the answer once (a trigger), as a process killed at that moment would leave it;
// a retry after the lease must never create a second object. A replay answers only a caller
// with the same scopes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_LEASE_MS } from '../../src/http/idempotency.ts';
import { leanrails, type LeanRails } from '../adapters/leanrails/client.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let lr: LeanRails;
const sql = (query: string, params: unknown[] = []) => gw.db.orm.em.getConnection().execute(query, params);
const linksTitled = async (title: string) => Number((await sql('select count(*) as n from checkout_link where title = ?', [title]))[0].n);

beforeAll(async () => {
  gw = await startGateway();
  lr = leanrails(gw);
  // "The process dies after the write, before the answer is stored": storing the answer of
  // key `crash_key` fails once.
  // (A sequence counts the attempts: unlike a row, nextval survives the rollback it causes.)
  await sql(`create table crash_once (key text primary key)`);
  await sql(`create sequence crash_attempts`);
  await sql(`create or replace function crash_on_done() returns trigger language plpgsql as $$
    begin
      if new.state = 'done' and exists (select 1 from crash_once where key = new.key) and nextval('crash_attempts') = 1 then
        raise exception 'simulated crash before the answer was stored';
      end if;
      return new;
    end $$`);
  await sql(`create trigger crash_on_done before update on idempotency_key for each row execute function crash_on_done()`);
});
afterAll(() => gw?.close());

describe('idempotency: the write and its stored answer are one transaction', () => {
  it('a crash before the answer is stored leaves no object; the retry after the lease creates exactly one', async () => {
    const product = (await lr.post('/v1/products', { name: 'Atomic' })).body.id;
    const [title, idem] = [`atomic-${randomUUID().slice(0, 8)}`, randomUUID()];
    const create = () =>
      lr.post('/v1/checkout_links', { title, line_items: [{ quantity: 1, price_data: { currency: 'usd', product, unit_amount: 700 } }] }, { idem });
    await sql('insert into crash_once (key) values (?)', [idem]);
    const crashed = await create();
    expect(crashed.status).toBeGreaterThanOrEqual(500);
    expect(await linksTitled(title)).toBe(0); // the write rolled back with the answer
    // Whatever the crash left (a `running` row or none), once its lease is over a retry runs again.
    await sql(`update idempotency_key set updated_at = now() - ?::interval where key = ?`, [`${IDEMPOTENCY_LEASE_MS / 1000 + 30} seconds`, idem]);
    const retry = await create();
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    const replay = await create();
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retry.body.id);
    expect(await linksTitled(title)).toBe(1);
  });

  it('a replay answers only a caller with the same scopes: a cart:write key never gets a stored price', async () => {
    const idem = randomUUID();
    const product = (await lr.post('/v1/products', { name: 'Replay scope' })).body.id;
    const body = { product, currency: 'usd', unit_amount: 4242 };
    const first = await lr.post('/v1/prices', body, { idem });
    expect(first.status).toBe(200);
    const cartOnly = await gw.keyWith(['cart:write']);
    const other = await lr.post('/v1/prices', body, { idem, key: cartOnly });
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.stringify(other.body)).not.toContain(first.body.id);
    const same = await lr.post('/v1/prices', body, { idem });
    expect(same.headers['idempotent-replayed']).toBe('true');
    expect(same.body.id).toBe(first.body.id);
  });
});
