import { describe, expect, it } from 'vitest';
import { DivisionIndex } from './division-index.js';
import type { DivisionRecord } from './divisions.repository.js';

function record(
  code: string,
  name: string,
  shortName: string,
  pinyin: string,
  initials: string,
  shortPinyin: string,
): DivisionRecord {
  const level = code.endsWith('000') ? 'street' : 'community';
  return { code, name, shortName, level, parentCode: null, pathLabel: '', pinyin, initials, shortPinyin };
}

const records = [
  record('440604012045', '塔坡社区居委会', '塔坡社区', 'taposhequjuweihui', 'tpsqjwh', 'taposhequ'),
  record('440604012000', '祖庙街道', '祖庙街道', 'zumiaojiedao', 'zmjd', 'zumiaojiedao'),
  record('440604012001', '祖庙社区居委会', '祖庙社区', 'zumiaoshequjuweihui', 'zmsqjwh', 'zumiaoshequ'),
  record(
    '440604012002',
    '新祖庙社区居委会',
    '新祖庙社区',
    'xinzumiaoshequjuweihui',
    'xzmsqjwh',
    'xinzumiaoshequ',
  ),
  record('440604010003', '塔园社区居委会', '塔园社区', 'tayuanshequjuweihui', 'tysqjwh', 'tayuanshequ'),
];

describe('DivisionIndex', () => {
  const index = new DivisionIndex(records);

  it('ranks exact, then prefix, then contains; streets before communities on ties', () => {
    const names = index.search({ text: '祖庙', kind: 'hanzi', limit: 10 }).items.map((d) => d.shortName);
    expect(names).toEqual(['祖庙街道', '祖庙社区', '新祖庙社区']);
    expect(index.search({ text: '祖庙街道', kind: 'hanzi', limit: 10 }).items[0]?.shortName).toBe('祖庙街道');
  });

  it('matches full pinyin prefixes, initials, and pinyin inside a name', () => {
    expect(index.search({ text: 'tapo', kind: 'latin', limit: 10 }).items.map((d) => d.shortName)).toEqual([
      '塔坡社区',
    ]);
    expect(index.search({ text: 'tp', kind: 'latin', limit: 10 }).items.map((d) => d.shortName)).toEqual([
      '塔坡社区',
    ]);
    expect(index.search({ text: 'zumiao', kind: 'latin', limit: 10 }).items.map((d) => d.shortName)).toEqual([
      '祖庙街道',
      '祖庙社区',
      '新祖庙社区',
    ]);
  });

  it('limits, scopes by code prefix, and searches codes', () => {
    expect(index.search({ text: '社区', kind: 'hanzi', limit: 2 }).items).toHaveLength(2);
    expect(
      index
        .search({ text: '塔', kind: 'hanzi', withinPrefix: '440604010', limit: 10 })
        .items.map((d) => d.code),
    ).toEqual(['440604010003']);
    expect(index.search({ text: '4406040120', kind: 'code', limit: 10 }).items.map((d) => d.code)).toEqual([
      '440604012000',
      '440604012001',
      '440604012002',
      '440604012045',
    ]);
  });

  it('returns the same hits, serialised, from its memo and stays bounded', () => {
    const first = index.search({ text: 'ta', kind: 'latin', limit: 10 });
    const again = index.search({ text: 'ta', kind: 'latin', limit: 10 });
    expect(again).toBe(first);
    expect(JSON.parse(first.itemsJson)).toEqual(first.items);
    for (let i = 0; i < DivisionIndex.MEMO_SIZE + 10; i++)
      index.search({ text: `q${i}`, kind: 'latin', limit: 10 });
    expect(index.search({ text: 'ta', kind: 'latin', limit: 10 })).not.toBe(first);
  });
});
