import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  dueDate,
  type HutCalendar,
  isValidDate,
  localDate,
  nextOpenDay,
  pickupBy,
  validHours,
  weekday,
} from './hut-calendar.js';

const weekdaysOnly: HutCalendar = {
  hours: {
    '1': [['09:00', '17:00']],
    '2': [['09:00', '17:00']],
    '3': [['09:00', '17:00']],
    '4': [['09:00', '17:00']],
    '5': [['09:00', '17:00']],
  },
  closures: new Set(['2026-12-08']),
};

describe('hut calendar', () => {
  it('reads dates in China time', () => {
    // 2026-12-04 17:00 UTC is already 2026-12-05 01:00 in Foshan.
    expect(localDate(Date.UTC(2026, 11, 4, 17))).toBe('2026-12-05');
    expect(localDate(Date.UTC(2026, 11, 4, 15))).toBe('2026-12-04');
  });
  it('knows weekdays, valid dates and distances', () => {
    expect(weekday('2026-12-07')).toBe(1);
    expect(weekday('2026-12-06')).toBe(7);
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(isValidDate('2026-12-31')).toBe(true);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-12-01', '2026-12-15')).toBe(14);
  });
  it('never puts a due date on a weekend or a closure', () => {
    // Friday + 2 days = Sunday → Monday 7th.
    expect(dueDate(weekdaysOnly, '2026-12-04', 2)).toBe('2026-12-07');
    // Monday + 1 = Tuesday 8th, closed → Wednesday.
    expect(dueDate(weekdaysOnly, '2026-12-07', 1)).toBe('2026-12-09');
    expect(nextOpenDay(weekdaysOnly, '2026-12-09')).toBe('2026-12-09');
  });
  it('counts pickup days on open days only (closures pause the clock)', () => {
    // Ready Friday 4th, 2 open days: Fri, Mon.
    expect(pickupBy(weekdaysOnly, '2026-12-04', 2)).toBe('2026-12-07');
    // Ready Monday 7th, 2 open days: Mon, (Tue closed) Wed.
    expect(pickupBy(weekdaysOnly, '2026-12-07', 2)).toBe('2026-12-09');
  });
  it('keeps the date when a hut has no hours at all', () => {
    expect(nextOpenDay({ hours: {}, closures: new Set() }, '2026-12-04')).toBe('2026-12-04');
  });
  it('checks opening hours', () => {
    expect(
      validHours({
        '1': [
          ['09:00', '12:00'],
          ['14:00', '17:00'],
        ],
      }),
    ).toBe(true);
    expect(validHours({ '1': [['12:00', '09:00']] })).toBe(false);
    expect(
      validHours({
        '1': [
          ['09:00', '12:00'],
          ['11:00', '17:00'],
        ],
      }),
    ).toBe(false);
    expect(validHours({ '8': [['09:00', '12:00']] })).toBe(false);
  });
});
