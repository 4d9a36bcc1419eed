import { describe, expect, it } from 'vitest';
import { listingTerms, queryTerms, words } from './text.js';

describe('Chinese-aware terms', () => {
  it('segments, keeps colloquial words whole and adds their usual form', () => {
    const terms = words('厨房水喉关唔紧');
    expect(terms).toContain('水喉');
    expect(terms).toContain('水龙头');
    expect(terms).not.toContain('唔');
  });
  it('weighs title words above description words and adds pinyin of title words', () => {
    const terms = listingTerms({ title: '王师傅修水管', description: '厨房漏水也可以', tags: ['龙头'] });
    expect(terms.get('水管')).toBeGreaterThan(terms.get('漏水')!);
    expect(terms.get('shuiguan')).toBeGreaterThan(0);
    expect(terms.get('水龙头')).toBe(4);
  });
  it('turns a query into the same terms', () => {
    expect([...queryTerms('雪柜唔冻').keys()]).toContain('冰箱');
    expect([...queryTerms('ShuiGuan').keys()]).toContain('shuiguan');
    expect(queryTerms('  ').size).toBe(0);
  });
});
