import { describe, expect, it } from 'vitest';
import {
  availabilityWording,
  chinaToday,
  cleanCode,
  dayRuns,
  daysBetween,
  dueWording,
  formatDay,
  groupHours,
  itemCounts,
  keeperDivisions,
  loanRole,
  pickupWording,
  returnByFromLocal,
  streetOf,
  unitStatusCounts,
  withDay,
} from './wording.js';

describe('dates', () => {
  it('takes today in China time, whatever the device zone', () => {
    // 2026-12-04 17:00 UTC is already 12-05 01:00 in China.
    expect(chinaToday(Date.UTC(2026, 11, 4, 17, 0))).toBe('2026-12-05');
    expect(chinaToday(Date.UTC(2026, 11, 4, 15, 59))).toBe('2026-12-04');
  });
  it('counts days across months', () => {
    expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
    expect(daysBetween('2026-12-02', '2026-11-30')).toBe(-2);
  });
  it('says a due date in words', () => {
    expect(dueWording('2026-12-05', '2026-12-05')).toEqual({
      key: 'due.today',
      values: { date: '2026-12-05' },
    });
    expect(dueWording('2026-12-06', '2026-12-05').key).toBe('due.tomorrow');
    expect(dueWording('2026-12-12', '2026-12-05')).toEqual({
      key: 'due.in_days',
      values: { days: 7, date: '2026-12-12' },
    });
    expect(dueWording('2026-12-03', '2026-12-05')).toEqual({
      key: 'due.overdue',
      values: { days: 2, date: '2026-12-03' },
    });
  });
  it('says a pickup date in words', () => {
    expect(pickupWording('2026-12-05', '2026-12-05').key).toBe('pickup.today');
    expect(pickupWording('2026-12-07', '2026-12-05')).toEqual({
      key: 'pickup.by',
      values: { date: '2026-12-07', days: 2 },
    });
  });
  it('reads a return time typed in China time, within the limit', () => {
    const now = Date.UTC(2026, 11, 4, 0, 0);
    expect(returnByFromLocal('2026-12-06T18:30', now, 60)).toBe(Date.UTC(2026, 11, 6, 10, 30));
    expect(returnByFromLocal('2026-12-03T18:30', now, 60)).toBeNull();
    expect(returnByFromLocal('2027-06-01T10:00', now, 60)).toBeNull();
    expect(returnByFromLocal('', now, 60)).toBeNull();
  });
});

describe('availability', () => {
  it('says how many copies are free', () => {
    expect(availabilityWording({ available: 2, total: 4 })).toEqual({
      key: 'avail.free',
      values: { n: 2, m: 4 },
      tone: 'free',
    });
    expect(availabilityWording({ available: 1, total: 1 }).key).toBe('avail.one_free');
  });
  it('says the queue when all are out', () => {
    expect(availabilityWording({ available: 0, total: 2, waiting: 3 })).toEqual({
      key: 'avail.queue',
      values: { waiting: 3 },
      tone: 'queue',
    });
    expect(availabilityWording({ available: 0, total: 2 }).key).toBe('avail.all_out');
    expect(availabilityWording({ available: 0, total: 0 }).key).toBe('avail.none_yet');
  });
  it('speaks of taking, not borrowing, for consumables', () => {
    expect(availabilityWording({ available: 30, total: 30, consumable: true })).toEqual({
      key: 'avail.take',
      values: { n: 30 },
      tone: 'free',
    });
    expect(availabilityWording({ available: 0, total: 30, consumable: true }).key).toBe('avail.gone');
  });
  it('counts copies without the retired ones', () => {
    const unit = (status: 'available' | 'on_loan' | 'retired' | 'sanitising') => ({
      id: status,
      label: status,
      status,
      condition: 'good' as const,
      note: null,
    });
    const units = [unit('available'), unit('on_loan'), unit('retired'), unit('sanitising')];
    expect(itemCounts({ pooled: false, stockTotal: 0, available: 1, units })).toEqual({
      available: 1,
      total: 3,
    });
    expect(itemCounts({ pooled: true, stockTotal: 20, available: 18, units: [] })).toEqual({
      available: 18,
      total: 20,
    });
    expect(unitStatusCounts(units)).toEqual({ available: 1, on_loan: 1, sanitising: 1 });
  });
});

describe('opening hours', () => {
  it('groups days with the same periods and finds the closed ones', () => {
    const groups = groupHours({
      '2': [['09:00', '12:00']],
      '3': [['09:00', '12:00']],
      '6': [['09:00', '17:00']],
    });
    expect(groups).toEqual([
      { days: [1, 4, 5, 7], periods: [] },
      { days: [2, 3], periods: ['09:00–12:00'] },
      { days: [6], periods: ['09:00–17:00'] },
    ]);
  });
  it('makes runs of consecutive days', () => {
    expect(dayRuns([2, 3, 4, 5, 7])).toEqual([
      [2, 5],
      [7, 7],
    ]);
    expect(dayRuns([])).toEqual([]);
  });
});

describe('codes and roles', () => {
  it('cleans a scanned code', () => {
    expect(cleanCode('  TP-0001 \n')).toBe('TP-0001');
    expect(cleanCode('https://linli.example/huts/code/AB12CD')).toBe('AB12CD');
  });
  it('knows when I lend', () => {
    expect(loanRole({ kind: 'neighbour', lenderNickname: '陈叔', borrowerNickname: '小林' }, '陈叔')).toBe(
      'lender',
    );
    expect(loanRole({ kind: 'desk', lenderNickname: null, borrowerNickname: '小林' }, '小林')).toBe(
      'borrower',
    );
  });
});

describe('streets', () => {
  it('finds the street of a community', () => {
    expect(streetOf('440604012045')).toBe('440604012000');
    expect(streetOf('440604012000')).toBeUndefined();
    expect(streetOf('4406')).toBeUndefined();
  });
});

describe('keepers', () => {
  it('lists the divisions of keeper and staff grants once', () => {
    expect(
      keeperDivisions([
        { role: 'hut_keeper', divisionCode: '440604012045' },
        { role: 'worker', divisionCode: '440604012045' },
        { role: 'resident', divisionCode: '440604012013' },
        { role: 'district_admin', divisionCode: '440604' },
      ]),
    ).toEqual(['440604012045']);
  });
});

describe('dates for people', () => {
  it('says a hut date with its weekday, in either language', () => {
    expect(formatDay('2026-12-19', 'zh-CN')).toBe('12月19日周六');
    expect(formatDay('2026-12-19', 'en')).toBe('Sat, Dec 19');
    expect(formatDay('not a date', 'zh-CN')).toBe('not a date');
    expect(withDay(dueWording('2026-12-19', '2026-12-05'), 'zh-CN').values).toEqual({
      days: 14,
      date: '12月19日周六',
    });
  });
});
