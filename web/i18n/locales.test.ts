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

describe('locales', () => {
  const namespaces = readdirSync(join(dir, 'zh-CN'));

  it('has the same namespaces in zh-CN and en', () => {
    expect(readdirSync(join(dir, 'en')).sort()).toEqual(namespaces.sort());
  });

  it.each(namespaces)('%s has the same keys in zh-CN and en, none empty', (ns) => {
    const zh = JSON.parse(readFileSync(join(dir, 'zh-CN', ns), 'utf8'));
    const en = JSON.parse(readFileSync(join(dir, 'en', ns), 'utf8'));
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const k of keys(zh)) expect(String(k.split('.').reduce((o, p) => o[p], zh))).not.toBe('');
  });

  it('has a message for every error code in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(Object.keys(errorMessages[locale]).sort()).toEqual([...ERROR_CODES].sort());
    }
  });
});
