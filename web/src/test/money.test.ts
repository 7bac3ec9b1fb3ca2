import { describe, expect, it } from 'vitest';
import { compareMoney, formatMoney, negate, sumMoney } from '../lib/money';

describe('money', () => {
  it('formats exact decimal strings for the locale without rounding through a float', () => {
    expect(formatMoney('1234567.5', 'CNY', 'en')).toBe('¥1,234,567.50');
    expect(formatMoney('1234567.5', 'CNY', 'zh-CN')).toBe('¥1,234,567.50');
    expect(formatMoney('12345678901234567890.123', 'CNY', 'en')).toBe('¥12,345,678,901,234,567,890.123');
    expect(formatMoney('-0.07', 'CNY', 'en')).toBe('-¥0.07');
    expect(formatMoney('0', 'USD', 'en')).toBe('$0.00');
    expect(formatMoney('-1234.5', 'EUR', 'de-DE')).toBe('-1.234,50\u00a0€');
  });

  it('keeps every digit the API sent, past the currency usual two', () => {
    expect(formatMoney('0.123456', 'CNY', 'en')).toBe('¥0.123456');
  });

  it('sums exactly where floats would not', () => {
    expect(sumMoney(['0.1', '0.2'])).toBe('0.3');
    expect(sumMoney(['1.10', '2.205', '-0.3'])).toBe('3.005');
    expect(sumMoney(['-5', '2'])).toBe('-3');
    expect(sumMoney([])).toBe('0');
    expect(sumMoney(['99999999999999999.99', '0.01'])).toBe('100000000000000000.00');
  });

  it('compares and negates exactly', () => {
    expect(compareMoney('0.30', '0.3')).toBe(0);
    expect(compareMoney('1.001', '1.01')).toBe(-1);
    expect(compareMoney('-1', '-2')).toBe(1);
    expect(negate('5.5')).toBe('-5.5');
    expect(negate('-5.5')).toBe('5.5');
    expect(negate('0.00')).toBe('0.00');
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => sumMoney(['1e3'])).toThrow();
    expect(() => formatMoney('abc', 'CNY', 'en')).toThrow();
  });
});
