// Money, pages and errors of the Whop dialect.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../adapters/kernel/errors.ts';
import { whopErrors } from '../../../adapters/whop/errors.ts';
import { pageArgs, parseTimestamp, toWhopPage } from '../../../adapters/whop/mappers/list.ts';
import { toMajor, toMinor } from '../../../adapters/whop/mappers/money.ts';

describe('money', () => {
  it('converts major units exactly with the digits of the currency', () => {
    expect(toMinor(10.43, 'USD')).toBe(1043);
    expect(toMinor(19.99, 'eur')).toBe(1999);
    expect(toMinor(0.1, 'USD')).toBe(10);
    expect(toMinor(1500, 'JPY')).toBe(1500);
    expect(toMinor(15.5, 'JPY')).toBeNull();
    expect(toMinor(1.234, 'USD')).toBeNull();
    expect(toMinor(1.234, 'KWD')).toBe(1234);
    expect(toMinor(-1, 'USD')).toBeNull();
    expect(toMajor(1043, 'USD')).toBe(10.43);
    expect(toMajor(1500, 'JPY')).toBe(1500);
  });
});

describe('pages', () => {
  it('defaults to 25, clamps to 100, refuses bad values', () => {
    expect(pageArgs({})).toEqual({ first: 25, orderDirection: 'DESC' });
    expect(pageArgs({ first: '500', direction: 'asc', after: 'c1' })).toEqual({ first: 100, after: 'c1', orderDirection: 'ASC' });
    expect(pageArgs({ first: 5, before: 'c2' })).toEqual({ last: 5, before: 'c2', orderDirection: 'DESC' });
    expect(() => pageArgs({ first: '0' })).toThrow(GatewayError);
    expect(() => pageArgs({ direction: 'up' })).toThrow(GatewayError);
  });

  it('has end_cursor null on the last page', () => {
    const info = { hasNextPage: false, hasPreviousPage: true, startCursor: 'a', endCursor: 'b' };
    expect(toWhopPage([1], info).page_info).toEqual({ end_cursor: null, start_cursor: 'a', has_next_page: false, has_previous_page: true });
    expect(toWhopPage([1], { ...info, hasNextPage: true }).page_info.end_cursor).toBe('b');
  });

  it('reads created_after as unix seconds or ISO 8601', () => {
    expect(parseTimestamp('1767323045', 'x')).toBe('2026-01-02T03:04:05.000Z');
    expect(parseTimestamp('2026-01-02T03:04:05Z', 'x')).toBe('2026-01-02T03:04:05.000Z');
    expect(() => parseTimestamp('yesterday', 'x')).toThrow(GatewayError);
  });
});

describe('errors', () => {
  it('maps the error model to Whop statuses and body; 409 says x-should-retry: false', () => {
    const conflict = whopErrors(new GatewayError('CONFLICT', 'PLAN__CODE_CONFLICT', 'taken'));
    expect(conflict).toMatchObject({
      status: 409,
      body: { error: { type: 'conflict', message: 'taken', code: 'plan__code_conflict' } },
      headers: { 'x-should-retry': 'false' },
    });
    expect(whopErrors(new GatewayError('VALIDATION', 'AMOUNT__INVALID', 'bad')).status).toBe(422);
    expect(whopErrors(new GatewayError('NOT_FOUND', 'NOT_FOUND', 'gone')).status).toBe(404);
    const internal = whopErrors(new GatewayError('INTERNAL', 'INTERNAL', 'Internal server error.'));
    expect(internal).toMatchObject({ status: 500, body: { error: { type: 'internal_server_error' } } });
    expect(internal.headers?.['x-should-retry']).toBeUndefined();
  });
});
