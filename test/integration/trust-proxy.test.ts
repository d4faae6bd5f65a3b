// TRUST_PROXY: whose X-Forwarded-For decides the client address, and with it the per-IP rate
// limit. Off by default, so a client cannot pick a fresh address per request; when set, only the
// proxies it names (or every peer, with true) are believed.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { ADMIN_TOKEN, startGateway, type TestGateway } from '../support/gateway.ts';

const LIMITS = { RATE_LIMIT_ANONYMOUS_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' };

describe('TRUST_PROXY (config)', () => {
  const parse = (value?: string) => loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;

  it('is off by default and takes true, false or a list of addresses / CIDRs', () => {
    expect(parse()).toBe(false);
    expect(parse('')).toBe(false);
    expect(parse('false')).toBe(false);
    expect(parse('TRUE')).toBe(true);
    expect(parse('10.0.0.7')).toEqual(['10.0.0.7']);
    expect(parse(' 10.0.0.0/8, 192.168.1.1 ,::1,fd00::/8,10.1.0.0/255.255.0.0,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.1',
      '::1',
      'fd00::/8',
      '10.1.0.0/255.255.0.0',
      'loopback',
    ]);
  });

  it('refuses anything else, naming TRUST_PROXY, and a hop count (Fastify cannot check the nearest proxy with one)', () => {
    for (const value of ['yes', '10.0.0.300', '10.0.0.0/33', '::1/129', '10.0.0.1,', 'proxy.example.com', '10.0.0.0/8/8', '2']) {
      expect(() => parse(value), value).toThrow(ConfigError);
      expect(() => parse(value), value).toThrow(/TRUST_PROXY/);
    }
    expect(() => parse('1')).toThrow(/hop count/);
  });
});

describe('TRUST_PROXY (client address for the per-IP rate limit)', () => {
  let gw: TestGateway;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    gw = await startGateway(LIMITS);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await gw?.close();
  });

  /** A second app on the same database with TRUST_PROXY set (its own in-memory counts). */
  async function appWith(trustProxy: string): Promise<FastifyInstance> {
    const config = loadConfig({ PUBLIC_URL: gw.publicUrl, ADMIN_TOKEN, LOG_LEVEL: 'silent', ...LIMITS, TRUST_PROXY: trustProxy });
    const app = await buildApp({ config, orm: gw.db.orm, logger: false });
    apps.push(app);
    return app;
  }

  /** The statuses of anonymous requests, one per X-Forwarded-For value, all from `from`. */
  async function statuses(app: FastifyInstance | TestGateway, forwardedFor: string[], from: string): Promise<number[]> {
    const seen: number[] = [];
    for (const xff of forwardedFor) seen.push((await app.inject({ url: '/docs/json', remoteAddress: from, headers: { 'x-forwarded-for': xff } })).statusCode);
    return seen;
  }

  it('ignores X-Forwarded-For by default: a fresh address per request does not dodge the limit', async () => {
    expect(await statuses(gw, ['203.0.113.1', '203.0.113.2', '203.0.113.3'], '192.0.2.10')).toEqual([200, 200, 429]);
    expect(await statuses(gw, ['203.0.113.4'], '192.0.2.11'), 'another peer has its own count').toEqual([200]);
  });

  it('honours X-Forwarded-For from a listed proxy, and only from it', async () => {
    const app = await appWith('192.0.2.20, 198.51.100.0/24');
    expect(await statuses(app, ['203.0.113.1', '203.0.113.2', '203.0.113.3'], '192.0.2.20'), 'one client each').toEqual([200, 200, 200]);
    expect(await statuses(app, ['203.0.113.9', '203.0.113.9', '203.0.113.9'], '198.51.100.7'), 'one client thrice').toEqual([200, 200, 429]);
    // A client may prepend addresses; the nearest untrusted one counts.
    expect(await statuses(app, ['1.1.1.1, 203.0.113.9', '2.2.2.2, 203.0.113.9'], '192.0.2.20')).toEqual([429, 429]);
    // A peer that is not a listed proxy is counted by its own address.
    expect(await statuses(app, ['203.0.113.11', '203.0.113.12', '203.0.113.13'], '192.0.2.21')).toEqual([200, 200, 429]);
  });

  it('honours X-Forwarded-For from every peer with true', async () => {
    const app = await appWith('true');
    expect(await statuses(app, ['203.0.113.1', '203.0.113.2', '203.0.113.3'], '192.0.2.30')).toEqual([200, 200, 200]);
  });
});
