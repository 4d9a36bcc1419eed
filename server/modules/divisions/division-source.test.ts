import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { readSubtree } from './division-source.js';

describe('bundled official divisions', () => {
  it('has Chancheng District: 4 streets/towns and 147 communities and villages', () => {
    const rows = readSubtree('440604');
    expect(rows.filter((r) => r.code.length === 9).map((r) => r.name)).toEqual([
      '石湾镇街道',
      '张槎街道',
      '祖庙街道',
      '南庄镇',
    ]);
    expect(rows.filter((r) => r.code.length === 12)).toHaveLength(147);
    expect(rows.find((r) => r.code === '440604012045')?.name).toBe('塔坡社区居委会');
    // Ancestors come first so parents exist before children are inserted.
    expect(rows.slice(0, 3).map((r) => r.code)).toEqual(['44', '4406', '440604']);
  });

  it('has 亚运村街道 with 冬奥村社区 and 民族园社区', () => {
    const names = readSubtree('110105009').map((r) => r.name);
    expect(names).toContain('冬奥村社区居民委员会');
    expect(names).toContain('民族园社区居民委员会');
    expect(names.slice(0, 4)).toEqual(['北京市', '市辖区', '朝阳区', '亚运村街道']);
  });

  it('refuses codes that do not exist', () => {
    expect(() => readSubtree('440699')).toThrow(AppError);
    expect(() => readSubtree('990101')).toThrow(AppError);
  });
});
