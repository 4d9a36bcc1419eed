import { describe, expect, it } from 'vitest';
import { grantCovers } from './actor.js';

describe('grantCovers', () => {
  const worker = (divisionCode: string) => ({ role: 'worker' as const, divisionCode });

  it('covers a division and what is below it', () => {
    expect(grantCovers(worker('440604000000'), '440604012045')).toBe(true);
    expect(grantCovers(worker('440604012000'), '440604012045')).toBe(true);
    expect(grantCovers(worker('440604012045'), '440604012045')).toBe(true);
  });

  it('does not cover neighbours whose codes share the digits before trailing zeros', () => {
    // 石湾镇街道 is 440604010: its grant must not reach 张槎街道 (011) or 祖庙街道 (012).
    expect(grantCovers(worker('440604010000'), '440604011001')).toBe(false);
    expect(grantCovers(worker('440604010000'), '440604012045')).toBe(false);
    expect(grantCovers(worker('440604010000'), '440604010001')).toBe(true);
    // A community whose code ends in 0 covers only itself.
    expect(grantCovers(worker('440604012040'), '440604012041')).toBe(false);
    expect(grantCovers(worker('440604012040'), '440604012040')).toBe(true);
  });
});
