// `npm start` as a newcomer runs it: an empty database gets organisation `default`, sales
// channel `default` and one test key, printed once with every face's URL; a second start on
// the same database prints no key. PGlite folder by default, a fresh PostgreSQL database when
// DATABASE_URL names PostgreSQL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPostgres } from '../support/database.ts';
import { spawnGateway, useEmptyDatabase } from '../support/spawned-gateway.ts';

const FACES = ['/graphql', '/fynn', '/leanrails', '/whop/api/v1', '/checkout-link/{slug}/cart', '/docs', '/healthz'];

const database = useEmptyDatabase('cg-first-start-');
const start = () => spawnGateway(database.url);

describe('first start', () => {
  it('creates organisation default with a working test key, printed once with every face', async () => {
    const first = await start();
    const { banner, baseUrl } = first;
    for (const face of FACES) expect(banner).toContain(`${baseUrl}${face}`);
    const keys = banner.match(/sk_test_[0-9A-Za-z]{32}/g) ?? [];
    expect(new Set(keys).size).toBe(1);
    const key = keys[0] ?? '';
    expect(banner).not.toMatch(/sk_live_/);
    console.info(
      `first start to ready (${onPostgres() ? 'PostgreSQL' : 'PGlite'}, empty database): ${first.ms} ms from spawn; the gateway says: ${/ready in (\d+ ms)/.exec(banner)?.[1]}`,
    );

    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { organisation { slug salesChannels { name } } mode } }' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { organisation: { slug: 'default', salesChannels: [{ name: 'default' }] }, mode: 'TEST' } } });
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    if (!onPostgres()) expect(existsSync(join(database.dir, 'pglite', '.gateway.pid'))).toBe(true);

    expect(await first.stop()).toBe(0);
    if (!onPostgres()) expect(existsSync(join(database.dir, 'pglite', '.gateway.pid'))).toBe(false);

    // Second start on the same database: bootstrap has run, no new key; the old one still works.
    const second = await start();
    expect(second.banner).not.toMatch(/sk_(test|live)_/);
    expect(second.banner).not.toContain('First start');
    console.info(
      `second start to ready (${onPostgres() ? 'PostgreSQL' : 'PGlite'}): ${second.ms} ms from spawn; the gateway says: ${/ready in (\d+ ms)/.exec(second.banner)?.[1]}`,
    );
    const again = await fetch(`${second.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { organisation { slug } } }' }),
    });
    expect(await again.json()).toEqual({ data: { viewer: { organisation: { slug: 'default' } } } });
    expect(await second.stop()).toBe(0);
  }, 240_000);
});
