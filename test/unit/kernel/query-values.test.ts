import { describe, expect, it } from 'vitest';
import { clampPageSize, isPageSizeError, parseBoolean, parseInteger } from '../../../adapters/kernel/query-values.ts';

const limits = { default: 10, max: 100 };

describe('clampPageSize', () => {
  it('uses the default when absent or empty', () => {
    expect(clampPageSize(undefined, limits)).toBe(10);
    expect(clampPageSize(null, limits)).toBe(10);
    expect(clampPageSize('', limits)).toBe(10);
  });
  it('keeps values in range and clamps large ones', () => {
    expect(clampPageSize('1', limits)).toBe(1);
    expect(clampPageSize('25', limits)).toBe(25);
    expect(clampPageSize(100, limits)).toBe(100);
    expect(clampPageSize('101', limits)).toBe(100);
    expect(clampPageSize('999999999999', limits)).toBe(100);
  });
  it('never returns a default above the maximum', () => {
    expect(clampPageSize(undefined, { default: 50, max: 20 })).toBe(20);
  });
  it('marks non-integers', () => {
    for (const value of ['abc', '1.5', 1.5, '1e2', ' 5', '5 ', '0x10', ['5'], true, {}, Number.NaN, '99999999999999999999']) {
      const result = clampPageSize(value, limits);
      expect(isPageSizeError(result)).toBe(true);
      expect(result).toEqual({ kind: 'page_size_error', reason: 'not_an_integer', min: 1, max: 100 });
    }
  });
  it('marks values below 1', () => {
    for (const value of ['0', 0, '-1', -5]) {
      expect(clampPageSize(value, limits)).toEqual({ kind: 'page_size_error', reason: 'below_minimum', min: 1, max: 100 });
    }
  });
  it('narrows with isPageSizeError', () => {
    const result = clampPageSize('7', limits);
    expect(isPageSizeError(result)).toBe(false);
    if (!isPageSizeError(result)) expect(result + 1).toBe(8);
  });
});

describe('parseInteger', () => {
  it('parses decimal integers and integer numbers', () => {
    expect(parseInteger('42')).toEqual({ ok: true, value: 42 });
    expect(parseInteger('-3')).toEqual({ ok: true, value: -3 });
    expect(parseInteger('+3')).toEqual({ ok: true, value: 3 });
    expect(parseInteger('007')).toEqual({ ok: true, value: 7 });
    expect(parseInteger(12)).toEqual({ ok: true, value: 12 });
    expect(parseInteger(String(Number.MAX_SAFE_INTEGER))).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });
  it('gives undefined for absent values', () => {
    expect(parseInteger(undefined)).toEqual({ ok: true, value: undefined });
    expect(parseInteger('')).toEqual({ ok: true, value: undefined });
  });
  it('refuses everything else', () => {
    for (const value of ['1.0', '1e3', 'ten', '-', ' 1', 'Infinity', 1.25, Number.POSITIVE_INFINITY, '9007199254740992', ['1'], false]) {
      expect(parseInteger(value)).toEqual({ ok: false });
    }
  });
});

describe('parseBoolean', () => {
  it('parses true/false/1/0 and real booleans', () => {
    expect(parseBoolean('true')).toEqual({ ok: true, value: true });
    expect(parseBoolean('1')).toEqual({ ok: true, value: true });
    expect(parseBoolean('false')).toEqual({ ok: true, value: false });
    expect(parseBoolean('0')).toEqual({ ok: true, value: false });
    expect(parseBoolean(true)).toEqual({ ok: true, value: true });
    expect(parseBoolean(false)).toEqual({ ok: true, value: false });
    expect(parseBoolean(1)).toEqual({ ok: true, value: true });
    expect(parseBoolean(0)).toEqual({ ok: true, value: false });
  });
  it('gives undefined for absent values', () => {
    expect(parseBoolean(undefined)).toEqual({ ok: true, value: undefined });
    expect(parseBoolean(null)).toEqual({ ok: true, value: undefined });
    expect(parseBoolean('')).toEqual({ ok: true, value: undefined });
  });
  it('refuses everything else', () => {
    for (const value of ['TRUE', 'yes', 'on', '2', ' true', 2, ['true'], {}]) {
      expect(parseBoolean(value)).toEqual({ ok: false });
    }
  });
});
