import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './locale.js';

describe('localeFromAcceptLanguage', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, zh-TW;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
  ])('%s → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
