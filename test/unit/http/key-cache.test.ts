import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../../src/http/key-cache.ts';

const principal = { organisationId: 'org', mode: 'test' as const, scopes: new Set(['product:read']), apiKeyId: 'k1' };

function cache(options: { live?: boolean; ttlMs?: number; max?: number } = {}) {
  let t = 1000;
  let live = options.live ?? true;
  const c = new KeyCache({ live: () => live, now: () => t, ttlMs: options.ttlMs, max: options.max });
  return { c, tick: (ms: number) => (t += ms), setLive: (v: boolean) => (live = v) };
}

describe('KeyCache', () => {
  it('stores a key found by a lookup and serves it until the key changes', () => {
    const { c, tick } = cache();
    tick(1);
    const started = c.begin();
    c.store('h1', 'k1', principal, 0, started);
    expect(c.get('h1')?.principal).toBe(principal);
    c.changed('k1');
    expect(c.get('h1')).toBeUndefined();
  });

  it('never stores a lookup that started before a change of the key (a read racing a revocation)', () => {
    const { c, tick } = cache();
    tick(1);
    const started = c.begin();
    tick(1);
    c.changed('k1');
    tick(1);
    c.store('h1', 'k1', principal, 0, started);
    expect(c.get('h1')).toBeUndefined();
    // A lookup that starts after the change is fine.
    const later = c.begin();
    c.store('h1', 'k1', principal, 0, later);
    expect(c.get('h1')).toBeDefined();
  });

  it('stores nothing for a key whose change is not committed yet, until it is', () => {
    const { c, tick } = cache();
    tick(1);
    c.changed('k1', true);
    tick(1);
    c.store('h1', 'k1', principal, 0, c.begin());
    expect(c.get('h1')).toBeUndefined();
    tick(1);
    c.changed('k1', false);
    tick(1);
    c.store('h1', 'k1', principal, 0, c.begin());
    expect(c.get('h1')).toBeDefined();
  });

  it('caches nothing while the change signal is down, and forgets everything on reset', () => {
    const { c, tick, setLive } = cache();
    tick(1);
    c.store('h1', 'k1', principal, 0, c.begin());
    setLive(false);
    expect(c.get('h1')).toBeUndefined();
    c.store('h1', 'k1', principal, 0, c.begin());
    expect(c.size).toBe(0);
    setLive(true);
    const started = c.begin();
    tick(1);
    c.reset();
    tick(1);
    c.store('h1', 'k1', principal, 0, started);
    expect(c.size).toBe(0);
  });

  it('expires entries after the TTL and keeps at most `max` entries', () => {
    const { c, tick } = cache({ ttlMs: 50, max: 2 });
    tick(1);
    c.store('h1', 'k1', principal, 0, c.begin());
    c.store('h2', 'k2', principal, 0, c.begin());
    c.store('h3', 'k3', principal, 0, c.begin());
    expect(c.size).toBe(2);
    expect(c.get('h1')).toBeUndefined();
    expect(c.get('h3')).toBeDefined();
    tick(51);
    expect(c.get('h3')).toBeUndefined();
  });
});
