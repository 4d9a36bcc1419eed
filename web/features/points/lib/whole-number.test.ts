import { describe, expect, it } from 'vitest';
import { normaliseDigits, parseWhole } from './whole-number.js';

describe('whole numbers typed by people', () => {
  it('accepts whole numbers, full-width digits included', () => {
    expect(parseWhole('15')).toBe(15);
    expect(parseWhole(' １２ ')).toBe(12);
    expect(normaliseDigits('９０')).toBe('90');
  });
  it('refuses fractions, negatives, zero, words and numbers past the bound instead of changing them', () => {
    for (const text of ['1.5', '90.5', '-3', '0', 'abc', '', '1e3']) expect(parseWhole(text)).toBeNull();
    expect(parseWhole('1441', 1440)).toBeNull();
    expect(parseWhole('0', 100, 0)).toBe(0);
  });
});
