import { describe, expect, it } from 'vitest';
import { cleanText } from './text.js';

describe('cleanText', () => {
  it('strips controls, zero-width and bidi characters, keeps tab and newlines inside', () => {
    expect(cleanText('  a\u0000b\u0007c\u007f\u200bd\u200c\u200d\u2060\ufeffe  ')).toBe('abcde');
    expect(cleanText('\u202eabc\u202c\u200e\u200f\u2066\u2067\u2068\u2069')).toBe('abc');
    expect(cleanText('line1\n\tline2\r\nend')).toBe('line1\n\tline2\r\nend');
    expect(cleanText('\u0000\u200b \u202e')).toBe('');
    expect(cleanText('<b>你好</b>')).toBe('<b>你好</b>');
  });
});
