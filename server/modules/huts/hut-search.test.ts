import { describe, expect, it } from 'vitest';
import { indexTerms, queryCharacters, queryTerms, termsOf } from './hut-search.js';

describe('hut catalogue terms', () => {
  it('segments Chinese titles and keeps characters for short queries', () => {
    const terms = termsOf('电子血压计', { characters: true });
    expect(terms).toEqual(expect.arrayContaining(['血压', '血压计', '血', '子血']));
  });
  it('falls back to pairs of characters (one character alone)', () => {
    expect(queryCharacters('烤箱')).toEqual(['烤箱']);
    expect(queryCharacters('折叠 轮椅')).toEqual(['折叠', '轮椅']);
    expect(queryCharacters('锤')).toEqual(['锤']);
    expect(queryCharacters('abc')).toEqual([]);
  });
  it('query terms drop the parts of longer words', () => {
    expect(queryTerms('血压计')).toEqual(['血压计']);
    expect(queryTerms('Bosch 电钻')).toEqual(expect.arrayContaining(['bosch', '电钻']));
    expect(queryTerms('！！')).toEqual([]);
  });
  it('weights title terms above description terms', () => {
    const w = indexTerms({ title: '轮椅', description: '可折叠轮椅，送坐垫', category: 'mobility' });
    expect(w.get('轮椅')).toBe(3);
    expect(w.get('坐垫')).toBe(1);
    expect(w.get('mobility')).toBe(2);
  });
});
