// A whole gateway for a test file: real database, real Fastify app, driven with app.inject (or
// listening on a port when a client needs one). Seeds an organisation and keys.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { SCOPES } from '../../src/domain/principal.ts';
import { buildApiKey } from '../../src/domain/services/organisations/api-keys.ts';
import { buildOrganisation } from '../../src/domain/services/organisations/organisations.ts';
import type { Dialect } from '../../adapters/kernel/dialect.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestOrg {
  id: string;
  slug: string;
  /** Test-mode key with every scope. */
  testKey: string;
  /** Live-mode key with every scope. */
  liveKey: string;
}

export interface TestGateway {
  app: FastifyInstance;
  db: TestDatabase;
  publicUrl: string;
  /** Organisation A (slug `acme`) and B (slug `globex`), each with a test and a live key. */
  orgA: TestOrg;
  orgB: TestOrg;
  /** A key of org A (test mode) with only the given scopes. */
  keyWith(scopes: string[], org?: TestOrg, mode?: 'test' | 'live'): Promise<string>;
  /** POST /graphql with a key; returns the parsed body and status. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Listens on 127.0.0.1:<random port> and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

async function seedOrg(db: TestDatabase, name: string, slug: string): Promise<TestOrg> {
  const em = db.orm.em.fork();
  return em.transactional(async (tem) => {
    const org = await buildOrganisation(tem, name, slug);
    const test = buildApiKey(tem, org.id, 'test', SCOPES, 'test');
    const live = buildApiKey(tem, org.id, 'live', SCOPES, 'live');
    await tem.flush();
    return { id: org.id, slug, testKey: test.secret, liveKey: live.secret };
  });
}

/** `dialects`: the REST faces to serve (default: every face of src/http/faces.ts). */
export async function startGateway(env: Record<string, string> = {}, options: { dialects?: readonly Dialect[] } = {}): Promise<TestGateway> {
  const db = await createTestDatabase();
  const config = loadConfig({ PUBLIC_URL: 'http://gateway.test', ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, orm: db.orm, logger: false, ...(options.dialects ? { dialects: options.dialects } : {}) });
  await app.ready();
  const orgA = await seedOrg(db, 'Acme', 'acme');
  const orgB = await seedOrg(db, 'Globex', 'globex');
  const gateway: TestGateway = {
    app,
    db,
    publicUrl: config.publicUrl,
    orgA,
    orgB,
    async keyWith(scopes, org = orgA, mode = 'test') {
      const em = db.orm.em.fork();
      const { secret } = buildApiKey(em, org.id, mode, scopes, 'limited');
      await em.flush();
      return secret;
    },
    async graphql(query, variables = {}, key = orgA.testKey) {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        payload: { query, variables },
      });
      return { status: res.statusCode, body: res.json() };
    },
    inject: (options) => app.inject(options),
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
  return gateway;
}
