// Keyed creates (a face's request under an Idempotency-Key: one transaction for the writes and the
// stored answer) that race for one slug. On PostgreSQL the create joins the keyed transaction
// instead of running in a savepoint; a lost race runs the whole transaction again
// (retryingSlugRaces in src/domain/services/checkout-links/write.ts). Every create succeeds with
// its own slug (or is the slug's conflict, stored), never a 500, and no row is half-written.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { countSql } from '../support/sql-counter.ts';
import { leanrails, productWithPrice, type LeanRails } from '../adapters/leanrails/client.ts';
import { createPrice } from '../adapters/fynn/helpers.ts';

let gw: TestGateway;
let lr: LeanRails;
let price: string;
let seat: { productId: string; priceId: string };
beforeAll(async () => {
  gw = await startGateway({ WEBHOOK_WORKER: 'off' });
  lr = leanrails(gw);
  price = (await productWithPrice(lr, 'usd', 900)).price;
  seat = await createPrice(gw, gw.orgA.testKey, { name: 'Seat' });
});
afterAll(async () => {
  await gw?.close();
});

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await gw.db.orm.em.getConnection().execute(text, params)) as T[];

/** Links with the title, their line items, their created events and their keys' states. */
async function written(title: string) {
  const links = await sql<{ id: string; slug: string }>('select id, slug from checkout_link where title = ?', [title]);
  const ids = links.map((l) => l.id);
  const items = ids.length
    ? await sql<{ checkout_link_id: string }>(`select checkout_link_id from line_item where checkout_link_id in (${ids.map(() => '?').join(', ')})`, ids)
    : [];
  const events = ids.length
    ? await sql<{ object_id: string }>(
        `select object_id from event where type = 'checkout_link.created' and object_id in (${ids.map(() => '?').join(', ')})`,
        ids,
      )
    : [];
  return { links, items, events };
}

/** Fynn classic: a link with an explicit slug, under an Idempotency-Key (successes stored, refusals not). */
const fynnCreate = async (name: string, slug: string, idem: string = randomUUID()) => {
  const res = await gw.inject({
    method: 'POST',
    url: '/fynn/checkout-links',
    headers: { authorization: `Bearer ${gw.orgA.testKey}`, 'content-type': 'application/json', 'idempotency-key': idem },
    payload: JSON.stringify({ name, slug, items: [{ type: 'product', product: seat.productId, price: seat.priceId, quantity: 1 }] }),
  });
  return { status: res.statusCode, body: res.json() as Record<string, any>, replayed: res.headers['idempotent-replayed'] };
};

const create = (title: string, extra: Record<string, unknown> = {}, idem: string = randomUUID()) =>
  lr.post('/v1/checkout_links', { title, line_items: [{ price, quantity: 1 }], ...extra }, { idem });

describe('keyed creates racing for one slug', () => {
  it('30 keyed creates of one title at once: all 200, 30 distinct slugs, each link whole', async () => {
    const title = 'Raced Title';
    const replies = await Promise.all(Array.from({ length: 30 }, () => create(title)));
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(200));
    const slugs = replies.map((r) => new URL(r.body.url).pathname.split('/')[2]);
    expect(new Set(slugs).size).toBe(30);
    const { links, items, events } = await written(title);
    expect(links).toHaveLength(30);
    expect(new Set(links.map((l) => l.slug))).toEqual(new Set(slugs));
    expect(new Set(items.map((i) => i.checkout_link_id))).toEqual(new Set(links.map((l) => l.id)));
    expect(items).toHaveLength(30);
    expect(new Set(events.map((e) => e.object_id))).toEqual(new Set(links.map((l) => l.id)));
    expect(events).toHaveLength(30);
  });

  it('10 keyed creates of one explicit slug at once: one 201, the others the slug conflict, one link', async () => {
    const keys = Array.from({ length: 10 }, () => randomUUID());
    const replies = await Promise.all(keys.map((idem) => fynnCreate('Raced Explicit', 'raced-explicit', idem)));
    const statuses = replies.map((r) => r.status);
    expect(
      statuses.filter((s) => s === 201),
      JSON.stringify(replies.map((r) => r.body)),
    ).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    const links = await sql<{ id: string; slug: string }>(`select id, slug from checkout_link where slug = 'raced-explicit'`);
    expect(links).toHaveLength(1);
    expect(await sql(`select id from line_item where checkout_link_id = ?`, [links[0]?.id])).toHaveLength(1);
    // The success is stored with its key: the replay is the same answer.
    const winner = statuses.indexOf(201);
    const again = await fynnCreate('Raced Explicit', 'raced-explicit', keys[winner]);
    expect(again.status).toBe(201);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(replies[winner]?.body);
  });
});

describe.skipIf(!onPostgres())('a keyed create on PostgreSQL (needs DATABASE_URL)', () => {
  it('joins the keyed transaction: no SAVEPOINT, no RELEASE', async () => {
    const { result, statements } = await countSql(gw.db.orm, () => create('No savepoint'));
    expect(result.status).toBe(200);
    expect(statements.filter((s) => /savepoint/i.test(s))).toEqual([]);
  });

  it('sends the link, its line items and its event in one round trip, and the stored answer with the COMMIT', async () => {
    const { result, statements } = await countSql(gw.db.orm, () => create('One trip'));
    expect(result.status).toBe(200);
    // flush-in-one-trip.ts: one multi-statement query holds the three INSERTs.
    const inserts = statements.filter((s) => /insert into "checkout_link"/.test(s));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).toMatch(/insert into "line_item"/);
    expect(inserts[0]).toMatch(/insert into "event"/);
    // with-commit.ts: the idempotency answer stored by the statement sent with the COMMIT (idempotency-lease.test.ts: a lost lease rolls it back).
    expect(
      statements.filter((s) => /^with done as \(update "idempotency_key" set "state" = \?.* returning "id"\) select 1 \/ count\(\*\)/.test(s)),
    ).toHaveLength(1);
  });

  /** A link of the slug inserted by another connection, in a transaction left open until `commit`. */
  async function holdSlug(slug: string) {
    const client = new pg.Client({ connectionString: gw.db.url });
    await client.connect();
    await client.query('begin');
    await client.query(
      `insert into checkout_link select * from json_populate_record(null::checkout_link,
        (select (to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'slug', $1::text, 'title', 'Holder'))::json from checkout_link c limit 1))`,
      [slug],
    );
    return {
      commit: async () => {
        await client.query('commit');
        await client.end();
      },
    };
  }

  it('loses a generated slug to a transaction that commits meanwhile: runs again, a random suffix, 200', async () => {
    const holder = await holdSlug('lost-race');
    const pending = create('Lost race');
    // The create picks the free-looking slug and waits on the unique index for the holder.
    await new Promise((r) => setTimeout(r, 300));
    await holder.commit();
    const reply = await pending;
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.url).toMatch(/\/checkout-link\/lost-race-[0-9a-z]{5}\//);
    const { links, items, events } = await written('Lost race');
    expect(links).toHaveLength(1);
    expect(items).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('loses an explicit slug to a transaction that commits meanwhile: the conflict (409), no row, no key kept', async () => {
    const holder = await holdSlug('lost-explicit');
    const idem = randomUUID();
    const pending = fynnCreate('Lost explicit', 'lost-explicit', idem);
    await new Promise((r) => setTimeout(r, 300));
    await holder.commit();
    const reply = await pending;
    expect(reply.status, JSON.stringify(reply.body)).toBe(409);
    expect(JSON.stringify(reply.body)).toMatch(/slug/i);
    expect(await sql(`select id from checkout_link where slug = 'lost-explicit' and title <> 'Holder'`)).toHaveLength(0);
    expect(await sql(`select id from idempotency_key where key = ?`, [idem])).toHaveLength(0);
  });
});
