import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatchReason } from '../../../../common/schemas/listings.js';
import { reasonLabel, reasonLabels, type Translate } from './reasons.js';

const locales = join(import.meta.dirname, '../../../i18n/locales');
const load = (lng: string) => JSON.parse(readFileSync(join(locales, lng, 'listings.json'), 'utf8'));
const names: Record<string, [string, string]> = { plumbing: ['水电维修', 'Plumbing and wiring'] };

describe('match reason chips', () => {
  const i18n = i18next.createInstance();
  let zh: Translate;
  let en: Translate;
  beforeAll(async () => {
    await i18n.init({
      lng: 'zh-CN',
      resources: { 'zh-CN': { listings: load('zh-CN') }, en: { listings: load('en') } },
      interpolation: { escapeValue: false },
    });
    zh = i18n.getFixedT('zh-CN', 'listings') as Translate;
    en = i18n.getFixedT('en', 'listings') as Translate;
  });
  const zhName = (k: string) => names[k]?.[0] ?? k;
  const enName = (k: string) => names[k]?.[1] ?? k;

  it('reads like the issue: 同小区 · 评分 4.8 · 水电维修', () => {
    const reasons: MatchReason[] = [
      { code: 'category', params: { category: 'plumbing' } },
      { code: 'rating', params: { rating: 4.8 } },
      { code: 'same_compound', params: {} },
    ];
    expect(reasonLabels(reasons, zh, zhName, 'zh-CN').join(' · ')).toBe('同小区 · 评分 4.8 · 水电维修');
    expect(reasonLabels(reasons, en, enName, 'en')).toEqual([
      'Same compound',
      'Rated 4.8',
      'Plumbing and wiring',
    ]);
  });

  it('formats ratings to one decimal and counts with plurals', () => {
    expect(reasonLabel({ code: 'rating', params: { rating: 5 } }, zh, zhName, 'zh-CN')).toBe('评分 5.0');
    expect(reasonLabel({ code: 'experienced', params: { completed: 12 } }, zh, zhName, 'zh-CN')).toBe(
      '已帮过 12 次',
    );
    expect(reasonLabel({ code: 'experienced', params: { completed: 1 } }, en, enName, 'en')).toBe(
      'Helped once before',
    );
    expect(reasonLabel({ code: 'availability', params: { slots: 2 } }, en, enName, 'en')).toBe(
      'Free at 2 of your times',
    );
  });

  it('shows matched words, at most three, and the verification level', () => {
    expect(
      reasonLabel({ code: 'keywords', params: { words: '水管 漏水,龙头 换' } }, zh, zhName, 'zh-CN'),
    ).toBe('说到：水管、漏水、龙头');
    expect(reasonLabel({ code: 'keywords', params: {} }, zh, zhName, 'zh-CN')).toBe('内容相近');
    expect(reasonLabel({ code: 'verified', params: { level: 'in_person' } }, zh, zhName, 'zh-CN')).toBe(
      '已现场核验',
    );
  });

  it('keeps an unknown category key and an unknown code readable instead of dropping them', () => {
    expect(reasonLabel({ code: 'category', params: { category: 'kites' } }, zh, zhName, 'zh-CN')).toBe(
      'kites',
    );
    const odd = { code: 'brand_new_reason', params: {} } as unknown as MatchReason;
    expect(reasonLabel(odd, zh, zhName, 'zh-CN')).toBe('brand_new_reason');
  });

  it('puts nearness first, drops repeated codes and caps the number of chips', () => {
    const reasons: MatchReason[] = [
      { code: 'new_helper', params: {} },
      { code: 'same_street', params: {} },
      { code: 'idle_helper', params: {} },
      { code: 'idle_helper', params: {} },
      { code: 'verified', params: {} },
    ];
    expect(reasonLabels(reasons, zh, zhName, 'zh-CN', 3)).toEqual(['同街道', '已实名认证', '最近有空']);
  });
});
