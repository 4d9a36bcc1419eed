import { describe, expect, it } from 'vitest';
import { groupByDay, keysFromSlots, slotsFromKeys, toggleDay, toggleSlot } from './availability.js';

describe('the weekly availability grid', () => {
  it('toggles one window on and off', () => {
    const on = toggleSlot(new Set(), { day: 0, part: 'evening' });
    expect([...on]).toEqual(['0-evening']);
    expect(toggleSlot(on, { day: 0, part: 'evening' }).size).toBe(0);
  });

  it('turns a whole day on, then off once it is full', () => {
    const some = new Set(['3-morning']);
    const full = toggleDay(some, 3);
    expect([...full].sort()).toEqual(['3-afternoon', '3-evening', '3-morning']);
    expect(toggleDay(full, 3).size).toBe(0);
  });

  it('gives contract slots in week order, Monday first and Sunday (day 0) last', () => {
    const slots = slotsFromKeys(['0-morning', '1-evening', '1-morning', 'junk', '9-morning']);
    expect(slots).toEqual([
      { day: 1, part: 'morning' },
      { day: 1, part: 'evening' },
      { day: 0, part: 'morning' },
    ]);
    expect(slotsFromKeys(keysFromSlots(slots))).toEqual(slots);
  });

  it('reads the windows by day and marks whole days', () => {
    expect(
      groupByDay([
        { day: 6, part: 'morning' },
        { day: 6, part: 'afternoon' },
        { day: 6, part: 'evening' },
        { day: 2, part: 'evening' },
      ]),
    ).toEqual([
      { day: 2, parts: ['evening'], whole: false },
      { day: 6, parts: ['morning', 'afternoon', 'evening'], whole: true },
    ]);
  });
});
