import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../common/error-codes.js';
import { errorMessages } from '../../common/i18n/errors.js';

const dir = join(import.meta.dirname, 'locales');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [String(value)];
  return Object.values(value).flatMap(leaves);
}

describe('locales', () => {
  const namespaces = readdirSync(join(dir, 'zh-CN'));

  it('has the same namespaces in zh-CN and en', () => {
    expect(readdirSync(join(dir, 'en')).sort()).toEqual(namespaces.sort());
  });

  it.each(namespaces)('%s has the same keys in zh-CN and en, none empty', (ns) => {
    const zh = JSON.parse(readFileSync(join(dir, 'zh-CN', ns), 'utf8'));
    const en = JSON.parse(readFileSync(join(dir, 'en', ns), 'utf8'));
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const value of leaves(zh)) expect(value).not.toBe('');
    for (const value of leaves(en)) expect(value).not.toBe('');
  });

  it('has a message for every error code in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(Object.keys(errorMessages[locale]).sort()).toEqual([...ERROR_CODES].sort());
    }
  });
});
