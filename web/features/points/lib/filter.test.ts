import { describe, expect, it } from 'vitest';
import { chinaMonthRange, currentChinaMonth, filterParams } from './filter.js';
import { formatSigned } from './format.js';
import { adminDistricts, canEditBudget, prefixOf } from './roles.js';

describe('statement filter', () => {
  it('turns a month into its first and last millisecond in China time', () => {
    const range = chinaMonthRange('2026-12')!;
    expect(new Date(range.from).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(new Date(range.to).toISOString()).toBe('2026-12-31T15:59:59.999Z');
    expect(chinaMonthRange('2026-13')).toBeNull();
    expect(chinaMonthRange('26-1')).toBeNull();
  });

  it('knows the China month at a UTC evening that is already tomorrow in Beijing', () => {
    expect(currentChinaMonth(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-12');
  });

  it('sends only the filters that are set', () => {
    expect(filterParams({}).toString()).toBe('');
    const params = filterParams({ type: 'gift', direction: 'out', month: '2026-01' });
    expect(params.get('type')).toBe('gift');
    expect(params.get('direction')).toBe('out');
    expect(Number(params.get('to')) - Number(params.get('from')) + 1).toBe(31 * 86_400_000);
  });

  it('shows the sign of every amount', () => {
    expect(formatSigned(1500, 'zh-CN')).toBe('+1,500');
    expect(formatSigned(-5, 'en')).toBe('−5');
  });
});

describe('roles', () => {
  const roles = [
    { role: 'district_admin', divisionCode: '440604000000' },
    { role: 'worker', divisionCode: '110105009001' },
  ];
  it('lets a district admin edit budgets under the district only', () => {
    expect(prefixOf('440604000000')).toBe('440604');
    expect(prefixOf('440604012000')).toBe('440604012');
    expect(canEditBudget(roles, '440604012045')).toBe(true);
    expect(canEditBudget(roles, '110105009001')).toBe(false);
    expect(adminDistricts(roles)).toEqual(['440604000000']);
  });
});
