import { describe, expect, it } from 'vitest';
import { currencyDigits, formatDecimal, isCurrency, parseDecimal } from '../../../src/contract/money.ts';

describe('kernel money', () => {
  it('takes the digits of a currency from Intl', () => {
    expect([currencyDigits('eur'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3]);
    expect(isCurrency('usd')).toBe(true);
    expect(isCurrency('XXQ')).toBe(false);
    expect(isCurrency('us')).toBe(false);
  });

  it('parses decimals exactly and refuses more digits than the currency has', () => {
    expect(parseDecimal('49.90', 'EUR')).toBe(4990);
    expect(parseDecimal(10.43, 'USD')).toBe(1043);
    expect(parseDecimal(0.1 + 0.2, 'USD')).toBeNull(); // 0.30000000000000004: too many digits
    expect(parseDecimal('1.5', 'JPY')).toBeNull();
    expect(parseDecimal('1.250', 'KWD')).toBe(1250);
    expect(parseDecimal('1e3', 'USD')).toBeNull();
    expect(parseDecimal(1e-7, 'USD')).toBeNull();
    expect(parseDecimal('99999999999999999999', 'USD')).toBeNull(); // beyond a safe integer
  });

  it('formats minor units with the currency digits', () => {
    expect(formatDecimal(4990, 'EUR')).toBe('49.90');
    expect(formatDecimal(5, 'USD')).toBe('0.05');
    expect(formatDecimal(-5, 'USD')).toBe('-0.05');
    expect(formatDecimal(1500, 'JPY')).toBe('1500');
  });
});
