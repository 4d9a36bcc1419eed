import { type AvailabilitySlot, DAY_PARTS } from '../../../../common/schemas/listings.js';

export type DayPart = (typeof DAY_PARTS)[number];

/** Days in the order a Chinese week is read: Monday first, Sunday (0 in the contract) last. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export const slotKey = (slot: AvailabilitySlot): string => `${slot.day}-${slot.part}`;

/** Toggles one window in a set of "day-part" keys, returning a new set. */
export function toggleSlot(keys: ReadonlySet<string>, slot: AvailabilitySlot): Set<string> {
  const next = new Set(keys);
  const key = slotKey(slot);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** Turns a whole day on, or off when every part of it is already on. */
export function toggleDay(keys: ReadonlySet<string>, day: number): Set<string> {
  const next = new Set(keys);
  const all = DAY_PARTS.every((part) => next.has(`${day}-${part}`));
  for (const part of DAY_PARTS) {
    if (all) next.delete(`${day}-${part}`);
    else next.add(`${day}-${part}`);
  }
  return next;
}

/** The keys as contract slots, in week order (Monday morning first), unknown keys dropped. */
export function slotsFromKeys(keys: Iterable<string>): AvailabilitySlot[] {
  const wanted = new Set(keys);
  const slots: AvailabilitySlot[] = [];
  for (const day of WEEK_ORDER) {
    for (const part of DAY_PARTS) if (wanted.has(`${day}-${part}`)) slots.push({ day, part });
  }
  return slots;
}

export const keysFromSlots = (slots: readonly AvailabilitySlot[]): Set<string> => new Set(slots.map(slotKey));

/**
 * A short reading of the windows, grouped by day in week order: [{day: 1, parts: ['morning',
 * 'evening']}, …]; a day with all three parts is marked `whole`.
 */
export function groupByDay(
  slots: readonly AvailabilitySlot[],
): { day: number; parts: DayPart[]; whole: boolean }[] {
  const keys = keysFromSlots(slots);
  return WEEK_ORDER.flatMap((day) => {
    const parts = DAY_PARTS.filter((part) => keys.has(`${day}-${part}`));
    return parts.length === 0 ? [] : [{ day, parts: [...parts], whole: parts.length === DAY_PARTS.length }];
  });
}
