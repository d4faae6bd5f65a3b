import { describe, expect, it } from 'vitest';
import { copyRequest, createVersionEngine, type VersionChange } from '../../../adapters/kernel/versions.ts';

/**
 * A toy dialect of three versions, declared in an order that string comparison would get wrong
 * (`2026-07-08-1` sorts after `2026-07-08`, `2025-12-31` would too).
 * - 2026-07-08-1: timestamps become ISO 8601 (were unix seconds).
 * - 2026-02-01:   `company_id` renamed `account_id` (request and response), and `tags` added.
 */
type Body = Record<string, unknown>;
interface Ctx {
  resource: 'link' | 'plan';
}

const VERSIONS = ['2025-01-01', '2026-07-08-1', '2026-02-01'];

const changes: VersionChange<Body, Ctx>[] = [
  {
    version: '2026-02-01',
    description: 'company_id is renamed account_id',
    request: ({ company_id, ...rest }) => (company_id === undefined ? rest : { ...rest, account_id: company_id }),
    response: ({ account_id, ...rest }) => ({ ...rest, company_id: account_id }),
  },
  {
    version: '2026-07-08-1',
    description: 'created_at is ISO 8601 instead of unix seconds',
    response: (body) => (typeof body.created_at === 'string' ? { ...body, created_at: Math.floor(Date.parse(body.created_at) / 1000) } : body),
  },
  {
    version: '2026-02-01',
    description: 'links gain tags',
    response: (body, ctx) => {
      if (ctx.resource !== 'link') return body;
      const { tags: _tags, ...rest } = body;
      return rest;
    },
  },
];

const engine = createVersionEngine<Body, Ctx>({ versions: VERSIONS, changes, defaultVersion: '2025-01-01' });

const latestLink = (): Body => ({
  id: 'ch_1',
  account_id: 'biz_1',
  created_at: '2026-01-02T03:04:05.000Z',
  tags: ['a'],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('createVersionEngine', () => {
  it('exposes the declared order and the latest version', () => {
    expect(engine.latest).toBe('2026-02-01');
    expect(engine.versions).toEqual(VERSIONS);
    expect(engine.defaultVersion).toBe('2025-01-01');
    expect(engine.changes.map((c) => c.description)).toEqual([
      'created_at is ISO 8601 instead of unix seconds',
      'company_id is renamed account_id',
      'links gain tags',
    ]);
    expect(engine.changesSince('2026-07-08-1').map((c) => c.version)).toEqual(['2026-02-01', '2026-02-01']);
    expect(engine.changesSince('2026-02-01')).toEqual([]);
  });

  describe('resolve', () => {
    it('uses the default when the header is absent or blank', () => {
      expect(engine.resolve(undefined)).toEqual({ ok: true, version: '2025-01-01' });
      expect(engine.resolve('')).toEqual({ ok: true, version: '2025-01-01' });
      expect(engine.resolve('  ')).toEqual({ ok: true, version: '2025-01-01' });
    });
    it('accepts every declared version, trimmed', () => {
      for (const version of VERSIONS) expect(engine.resolve(version)).toEqual({ ok: true, version });
      expect(engine.resolve(' 2026-07-08-1 ')).toEqual({ ok: true, version: '2026-07-08-1' });
    });
    it('refuses an unknown version with the supported list', () => {
      const result = engine.resolve('2026-07-08');
      expect(result).toEqual({ ok: false, supported: VERSIONS });
      if (!result.ok) {
        result.supported.push('mutated');
        expect(engine.versions).toEqual(VERSIONS);
      }
    });
  });

  describe('downgradeResponse', () => {
    it('returns the latest shape untouched (same object) at the latest version', () => {
      const body = latestLink();
      expect(engine.downgradeResponse('2026-02-01', body, { resource: 'link' })).toBe(body);
    });
    it('walks back one version', () => {
      expect(engine.downgradeResponse('2026-07-08-1', latestLink(), { resource: 'link' })).toEqual({
        id: 'ch_1',
        company_id: 'biz_1',
        created_at: '2026-01-02T03:04:05.000Z',
      });
    });
    it('walks back to the oldest version, newest change first', () => {
      expect(engine.downgradeResponse('2025-01-01', latestLink(), { resource: 'link' })).toEqual({
        id: 'ch_1',
        company_id: 'biz_1',
        created_at: 1767323045,
      });
    });
    it('passes the context to every transform', () => {
      expect(engine.downgradeResponse('2025-01-01', latestLink(), { resource: 'plan' })).toEqual({
        id: 'ch_1',
        company_id: 'biz_1',
        created_at: 1767323045,
        tags: ['a'],
      });
    });
    it('never mutates its input', () => {
      const body = deepFreeze(latestLink());
      engine.downgradeResponse('2025-01-01', body, { resource: 'link' });
      expect(body).toEqual(latestLink());
    });
    it('throws for an undeclared version', () => {
      expect(() => engine.downgradeResponse('1999-01-01', latestLink(), { resource: 'link' })).toThrow(/unsupported/);
    });
  });

  describe('upgradeRequest', () => {
    it('upgrades an old request to the latest shape', () => {
      expect(engine.upgradeRequest('2025-01-01', { company_id: 'biz_1', plan_id: 'plan_1' }, { resource: 'link' })).toEqual({
        account_id: 'biz_1',
        plan_id: 'plan_1',
      });
      expect(engine.upgradeRequest('2026-07-08-1', { company_id: 'biz_1' }, { resource: 'link' })).toEqual({
        account_id: 'biz_1',
      });
    });
    it('leaves a latest request alone', () => {
      const body = { account_id: 'biz_1' };
      expect(engine.upgradeRequest('2026-02-01', body, { resource: 'link' })).toBe(body);
    });
    it('never mutates its input, even with a transform that mutates', () => {
      const sloppy = createVersionEngine<Body>({
        versions: ['a', 'b'],
        defaultVersion: 'b',
        changes: [
          {
            version: 'b',
            description: 'sloppy',
            request: (body) => {
              body.touched = true;
              return body;
            },
          },
        ],
      });
      const body = { nested: { x: 1 } };
      expect(sloppy.upgradeRequest('a', body)).toEqual({ nested: { x: 1 }, touched: true });
      expect(body).toEqual({ nested: { x: 1 } });
    });
    it('applies request transforms oldest first', () => {
      const seen: string[] = [];
      const order = createVersionEngine<string[]>({
        versions: ['v1', 'v2', 'v3'],
        defaultVersion: 'v1',
        changes: [
          { version: 'v3', description: 'three', request: (b) => [...b, 'v3'], response: (b) => [...b, 'v3'] },
          { version: 'v2', description: 'two', request: (b) => [...b, 'v2'], response: (b) => [...b, 'v2'] },
        ],
      });
      seen.push(...order.upgradeRequest('v1', []));
      expect(seen).toEqual(['v2', 'v3']);
      expect(order.downgradeResponse('v1', [])).toEqual(['v3', 'v2']);
      expect(order.downgradeResponse('v2', [])).toEqual(['v3']);
    });
  });

  describe('copyRequest', () => {
    it('copies plain JSON as structuredClone does: equal, nothing shared', () => {
      const nested = { a: [1, 'x', null, true, { b: [] }], c: { d: { e: -0 } }, f: undefined, g: '' };
      const query = Object.assign(Object.create(null) as Record<string, unknown>, { first: '10', tags: ['a', 'b'] });
      for (const value of [{}, [], nested, query, 'text', 3, null, undefined, [[[]]]]) {
        const copy = copyRequest(value);
        expect(copy).toStrictEqual(structuredClone(value));
        if (value !== null && typeof value === 'object') expect(copy).not.toBe(value);
      }
      const copy = copyRequest(nested);
      expect(Object.is(copy.c.d.e, -0)).toBe(true);
      expect(copy.a[4]).not.toBe(nested.a[4]);
      expect(Object.keys(copy)).toEqual(Object.keys(nested));
      expect(Object.getPrototypeOf(copyRequest(query))).toBe(Object.prototype);
    });
    it('leaves anything else to structuredClone', () => {
      const date = new Date(0);
      expect(copyRequest({ at: date }).at).toStrictEqual(date);
      expect(copyRequest({ at: date }).at).not.toBe(date);
      expect(copyRequest(new Map([['a', 1]]))).toStrictEqual(new Map([['a', 1]]));
      const sparse: unknown[] = [1];
      sparse[2] = 3; // a hole at 1
      expect(copyRequest(sparse)).toStrictEqual(structuredClone(sparse));
      const proto = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
      const copied = copyRequest(proto);
      expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
      expect(Object.keys(copied)).toEqual(['__proto__', 'y']);
      const cycle: Record<string, unknown> = { a: 1 };
      cycle.self = cycle;
      const copiedCycle = copyRequest(cycle);
      expect(copiedCycle.self).toBe(copiedCycle);
      expect(() => copyRequest({ f: () => 1 })).toThrow();
      expect(() => copyRequest({ s: Symbol('s') })).toThrow();
    });
  });

  it('requires the context argument exactly when the context type needs one (checked by tsc)', () => {
    // @ts-expect-error: Ctx has no undefined, so the context is required
    const missing = () => engine.downgradeResponse('2025-01-01', latestLink());
    const noCtx = createVersionEngine({ versions: ['a', 'b'], defaultVersion: 'a', changes: [] });
    expect(typeof missing).toBe('function');
    expect(noCtx.upgradeRequest('a', { x: 1 })).toEqual({ x: 1 });
  });

  describe('construction', () => {
    it('throws for a change of an unknown version', () => {
      expect(() =>
        createVersionEngine({
          versions: ['2025-01-01', '2026-01-01'],
          defaultVersion: '2025-01-01',
          changes: [{ version: '2026-06-01', description: 'ghost' }],
        }),
      ).toThrow(/unknown version 2026-06-01/);
    });
    it('throws for a change of the oldest version (it could never apply)', () => {
      expect(() =>
        createVersionEngine({
          versions: ['2025-01-01', '2026-01-01'],
          defaultVersion: '2025-01-01',
          changes: [{ version: '2025-01-01', description: 'too old' }],
        }),
      ).toThrow(/oldest/);
    });
    it('throws for an undeclared default, duplicate versions or no versions', () => {
      expect(() => createVersionEngine({ versions: ['a'], defaultVersion: 'b', changes: [] })).toThrow(/default/);
      expect(() => createVersionEngine({ versions: ['a', 'a'], defaultVersion: 'a', changes: [] })).toThrow(/duplicate/);
      expect(() => createVersionEngine({ versions: [], defaultVersion: 'a', changes: [] })).toThrow(/at least one/);
    });
    it('does not depend on the caller keeping its arrays unchanged', () => {
      const versions = ['a', 'b'];
      const e = createVersionEngine({ versions, defaultVersion: 'a', changes: [] });
      versions.push('c');
      expect(e.versions).toEqual(['a', 'b']);
      expect(e.latest).toBe('b');
    });
  });
});
