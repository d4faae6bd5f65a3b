// The baseline: the fastest a DB-backed endpoint can be here. A minimal hand-written Fastify
// server (plain `pg` on PostgreSQL, PGlite on a PGlite folder the gateway no longer holds) with
//   - GET /leanrails/v1/checkout_links/:id: authenticates the key and reads the link with ONE SQL
//     query, answering the same JSON as the LeanRails retrieve;
//   - POST /leanrails/v1/checkout_links (baseline-create.ts): one transaction inserting the link,
//     its line items and the idempotency row, answering the same JSON as the LeanRails create;
//   - POST /graphql (baseline-graphql.ts): graphql-js with hand-written resolvers, one SQL
//     statement per level.
// Run as a child process: DATABASE_URL, PORT and PUBLIC_URL come from the environment.
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { decodeId, encodeId } from '../../src/contract/ids.ts';
import { createLink, type CreateBody } from './baseline-create.ts';
import { graphqlBaseline, type Tenant } from './baseline-graphql.ts';

type Row = Record<string, any>;
export type Query = (sql: string, params: unknown[]) => Promise<Row[]>;
export interface Database {
  query: Query;
  /** Runs `work` in one transaction (BEGIN ... COMMIT, ROLLBACK on a throw). */
  transaction: <T>(work: (query: Query) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

// Auth and read in one statement: the key (by its SHA-256) must be live, hold
// checkout-link:read, and belong to the link's organisation and mode.
const SQL = `select l.id, l.slug, l.title, l.description, l.active, l.checkout_mode, l.currency, l.mode,
  l.after_completion_type, l.after_completion_redirect_url, l.after_completion_message,
  l.billing_address_collection, l.coupons_allowed, l.completed_sessions_limit, l.completed_sessions_count,
  l.submit_type, l.payment_method_types, l.inactive_message, l.metadata, l.created_at
from checkout_link l
join api_key k on k.organisation_id = l.organisation_id and k.mode = l.mode
where k.secret_hash = $1 and k.revoked_at is null and 'checkout-link:read' = any(k.scopes)
  and l.id = $2 and l.deleted_at is null`;

/** SQL statements sent so far (BEGIN and COMMIT included), for the bench's statements per request. */
let statements = 0;

/** Counts every statement of `db`. */
function counted(db: Database): Database {
  const count =
    (query: Query): Query =>
    (sql, params) => {
      statements++;
      return query(sql, params);
    };
  return {
    query: count(db.query),
    transaction: (work) => {
      statements += 2;
      return db.transaction((query) => work(count(query)));
    },
    close: db.close,
  };
}

async function openDatabase(url: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return {
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      transaction: async (work) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await work(async (sql, params) => (await client.query(sql, params)).rows);
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(url.slice('pglite://'.length));
  return {
    query: async (sql, params) => (await db.query<Row>(sql, params)).rows,
    transaction: (work) => db.transaction((tx) => work(async (sql, params) => (await tx.query<Row>(sql, params)).rows)),
    close: () => db.close(),
  };
}

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

/** Key -> tenant, for the GraphQL baseline (the gateway caches keys too). */
const TENANT_SQL = `select organisation_id, mode from api_key where secret_hash = $1 and revoked_at is null and 'checkout-link:read' = any(scopes)`;

function keyOf(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return value || null;
  if (/^basic$/i.test(scheme ?? '')) return Buffer.from(value, 'base64').toString('utf8').split(':', 1)[0] || null;
  return null;
}

function metadataOut(metadata: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) if (v != null) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export function linkJson(r: Row, publicUrl: string) {
  const after =
    r.after_completion_type === 'redirect'
      ? { type: 'redirect', redirect: { url: r.after_completion_redirect_url ?? '' } }
      : r.after_completion_type === 'message'
        ? { type: 'hosted_confirmation', hosted_confirmation: { custom_message: r.after_completion_message } }
        : { type: 'hosted_confirmation' };
  return {
    id: encodeId('cl', r.id),
    object: 'checkout_link',
    active: r.active,
    mode: r.checkout_mode === 'order' ? 'order' : 'payment',
    url: `${publicUrl}/checkout-link/${encodeURIComponent(r.slug)}/cart`,
    title: r.title ?? '',
    description: r.description,
    currency: (r.currency ?? '').toLowerCase(),
    after_completion: after,
    billing_address_collection: r.billing_address_collection,
    allow_promotion_codes: r.coupons_allowed ?? false,
    restrictions: r.completed_sessions_limit == null ? null : { completed_sessions: { limit: r.completed_sessions_limit, count: r.completed_sessions_count } },
    submit_type: r.submit_type,
    payment_method_types: r.payment_method_types,
    inactive_message: r.inactive_message,
    metadata: metadataOut(r.metadata),
    custom_fields: [],
    custom_text: {},
    livemode: r.mode === 'live',
    created: Math.floor(new Date(r.created_at).getTime() / 1000),
  };
}

const missing = (id: string) => ({
  error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such checkout_link: '${id}'` },
});

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  const port = Number(process.env.PORT ?? 0);
  const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;
  const db = counted(await openDatabase(url));
  const app = Fastify({ logger: false });
  app.get('/readyz', async () => ({ status: 'ready' }));
  app.get('/statements', async () => ({ statements }));
  app.get<{ Params: { id: string } }>('/leanrails/v1/checkout_links/:id', async (request, reply) => {
    const key = keyOf(request.headers.authorization);
    if (!key) return reply.status(401).send({ error: { type: 'invalid_request_error', message: 'No valid API key provided.' } });
    const uuid = decodeId('cl', request.params.id);
    if (!uuid) return reply.status(404).send(missing(request.params.id));
    const rows = await db.query(SQL, [sha256(key), uuid]);
    const row = rows[0];
    if (!row) return reply.status(404).send(missing(request.params.id));
    return linkJson(row, publicUrl);
  });
  app.post<{ Body: CreateBody }>('/leanrails/v1/checkout_links', async (request, reply) => {
    const key = keyOf(request.headers.authorization);
    if (!key) return reply.status(401).send({ error: { type: 'invalid_request_error', message: 'No valid API key provided.' } });
    const idempotencyKey = request.headers['idempotency-key'];
    if (typeof idempotencyKey !== 'string' || idempotencyKey === '') {
      return reply.status(400).send({ error: { type: 'invalid_request_error', message: 'An Idempotency-Key header is required on every POST request.' } });
    }
    const created = await createLink(db, sha256(key), idempotencyKey, request.body, (row) => linkJson(row, publicUrl));
    return reply.status(created.status).header('content-type', 'application/json; charset=utf-8').send(created.body);
  });
  const graphql = graphqlBaseline(db.query);
  const tenants = new Map<string, Tenant>();
  app.post<{ Body: { query: string; variables?: Record<string, unknown> } }>('/graphql', async (request, reply) => {
    const key = keyOf(request.headers.authorization);
    const hash = key ? sha256(key) : '';
    let tenant = tenants.get(hash);
    if (!tenant && key) {
      const row = (await db.query(TENANT_SQL, [hash]))[0];
      if (row) tenants.set(hash, (tenant = { organisationId: row.organisation_id, mode: row.mode }));
    }
    if (!tenant) return reply.status(401).send({ errors: [{ message: 'Invalid API key.', extensions: { code: 'UNAUTHENTICATED' } }] });
    return graphql(request.body.query, request.body.variables, tenant);
  });
  const shutdown = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await app.listen({ port, host: '127.0.0.1' });
}

main().catch((error: unknown) => {
  console.error('baseline failed:', error);
  process.exit(1);
});
