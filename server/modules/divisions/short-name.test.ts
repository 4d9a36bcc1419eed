import { describe, expect, it } from 'vitest';
import { shortNameOf } from './short-name.js';

describe('shortNameOf', () => {
  it.each([
    ['塔坡社区居委会', '塔坡社区'],
    ['冬奥村社区居民委员会', '冬奥村社区'],
    ['多福巷社区居委会', '多福巷社区'],
    ['南庄村村民委员会', '南庄村'],
    ['紫南村委会', '紫南村'],
    ['祖庙街道', '祖庙街道'],
    ['石湾镇街道', '石湾镇街道'],
    ['某某街道办事处', '某某街道'],
    ['居委会', '居委会'],
    ['禅城区', '禅城区'],
  ])('%s → %s', (name, short) => {
    expect(shortNameOf(name)).toBe(short);
  });
});
