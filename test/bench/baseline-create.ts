// The create baseline: what a hand-written LeanRails create costs here. ONE transaction: the key,
// its organisation's default sales channel and the line items' prices in one SELECT, then the
// link, its line items (one multi-row INSERT) and the idempotency row (stored done, with the
// response) inserted; the answer is the same JSON as the LeanRails create. A replayed
// Idempotency-Key is answered from the stored row (a concurrent one fails on the unique key: 409).
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { decodeId } from '../../src/contract/ids.ts';
import type { Database, Query } from './baseline.ts';

export interface CreateBody {
  title?: string;
  line_items?: { price?: string; quantity?: number }[];
}

type Row = Record<string, any>;

const RESOLVE_SQL = `with k as (
    select organisation_id, mode from api_key
    where secret_hash = $1 and revoked_at is null and 'checkout-link:write' = any(scopes))
  select k.organisation_id, k.mode,
    (select sc.id from sales_channel sc where sc.organisation_id = k.organisation_id and sc.mode = k.mode and sc.is_default limit 1) as sales_channel_id,
    p.id as price_id, p.product_id, p.currency
  from k left join price p on p.organisation_id = k.organisation_id and p.mode = k.mode and p.id = any($2::uuid[])`;

const LINK_SQL = `insert into checkout_link (id, organisation_id, mode, created_at, updated_at, slug, title, currency, source, sales_channel_id, metadata)
  values ($1, $2, $3, $4, $4, $5, $6, $7, 'items', $8, '{}') returning *`;

const REPLAY_SQL = `select fingerprint, response_status, response_body from idempotency_key
  where organisation_id = $1 and mode = $2 and scope = 'leanrails' and key = $3`;

function slugOf(title: string): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'link';
  return `${base}-${randomBytes(4).toString('hex')}`;
}

const error = (status: number, message: string, param?: string) => ({
  status,
  body: JSON.stringify({ error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } }),
});

function lineItemsSql(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const o = i * 8;
    return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 4}, $${o + 5}, ${i}, 'price', $${o + 6}, $${o + 7}, $${o + 8}, '[]')`;
  });
  return rows.join(', ');
}

export async function createLink(
  db: Database,
  keyHash: string,
  idempotencyKey: string,
  body: CreateBody,
  json: (link: Row) => unknown,
): Promise<{ status: number; body: string }> {
  const items = body.line_items ?? [];
  if (!body.title || items.length === 0) return error(400, 'title and line_items are required.');
  const priceIds = items.map((item) => decodeId('price', item.price ?? ''));
  if (priceIds.some((id) => !id)) return error(400, 'No such price.', 'line_items');
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(['POST', '/v1/checkout_links', body]))
    .digest('hex');
  try {
    return await db.transaction(async (query: Query) => {
      const resolved = await query(RESOLVE_SQL, [keyHash, priceIds]);
      const owner = resolved[0];
      if (!owner) return error(401, 'No valid API key provided.');
      const prices = new Map(resolved.filter((r) => r.price_id).map((r) => [r.price_id as string, r]));
      const found = priceIds.map((id) => prices.get(id as string));
      if (found.some((p) => !p)) return error(400, 'No such price.', 'line_items');
      const now = new Date();
      const linkId = uuidv7();
      const link = (
        await query(LINK_SQL, [
          linkId,
          owner.organisation_id,
          owner.mode,
          now,
          slugOf(body.title as string),
          body.title,
          found[0]?.currency,
          owner.sales_channel_id,
        ])
      )[0] as Row;
      const params: unknown[] = [];
      found.forEach((price, i) => {
        params.push(uuidv7(), owner.organisation_id, owner.mode, now, linkId, price?.product_id, price?.price_id, items[i]?.quantity ?? 1);
      });
      await query(
        `insert into line_item (id, organisation_id, mode, created_at, updated_at, checkout_link_id, position, type, product_id, price_id, quantity, periods) values ${lineItemsSql(found.length)}`,
        params,
      );
      const response = JSON.stringify(json(link));
      await query(
        `insert into idempotency_key (id, organisation_id, mode, created_at, updated_at, scope, key, fingerprint, state, response_status, response_headers, response_body, expires_at)
         values ($1, $2, $3, $4, $4, 'leanrails', $5, $6, 'done', 200, '{"content-type":"application/json; charset=utf-8"}', $7, $8)`,
        [uuidv7(), owner.organisation_id, owner.mode, now, idempotencyKey, fingerprint, response, new Date(now.getTime() + 86_400_000)],
      );
      return { status: 200, body: response };
    });
  } catch (e) {
    if ((e as { code?: string }).code !== '23505') throw e;
    // The Idempotency-Key exists: replay its stored answer (or 409 while it runs elsewhere).
    const owner = (await db.query(`select organisation_id, mode from api_key where secret_hash = $1`, [keyHash]))[0];
    const stored = owner ? (await db.query(REPLAY_SQL, [owner.organisation_id, owner.mode, idempotencyKey]))[0] : undefined;
    if (!stored || stored.response_status == null) return error(409, 'Another request with this Idempotency-Key is in progress.');
    if (stored.fingerprint !== fingerprint) return error(422, 'Keys for idempotent requests can only be used with the same parameters.');
    return { status: stored.response_status, body: stored.response_body };
  }
}
