import type { Hours } from '../../../common/schemas/huts.js';

/**
 * Hut-local calendar dates (China time, UTC+8 all year). Due dates and pickup days are dates
 * people read on a slip, not instants; they are kept as `YYYY-MM-DD` text and never fall on a
 * day the hut is closed (no opening hours that weekday, or a dated closure or holiday).
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** How far ahead an open day is looked for before giving up (a hut closed for months). */
const SEARCH_DAYS = 120;

/** Today's date at the hut for an instant. */
export function localDate(at: number): string {
  return new Date(at + OFFSET_MS).toISOString().slice(0, 10);
}

export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export interface HutCalendar {
  hours: Hours;
  /** Dates the hut is closed regardless of its weekly hours. */
  closures: ReadonlySet<string>;
}

export function isOpen(calendar: HutCalendar, date: string): boolean {
  if (calendar.closures.has(date)) return false;
  return (calendar.hours[String(weekday(date))] ?? []).length > 0;
}

/**
 * The first open day on or after `date`. A hut with no open day in the next months (no hours at
 * all) keeps the date as it is, so a loan still has a due date.
 */
export function nextOpenDay(calendar: HutCalendar, date: string): string {
  let day = date;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    if (isOpen(calendar, day)) return day;
    day = addDays(day, 1);
  }
  return date;
}

/** `days` after `from`, moved on to the next open day. */
export function dueDate(calendar: HutCalendar, from: string, days: number): string {
  return nextOpenDay(calendar, addDays(from, days));
}

/**
 * The last day to collect a ready hold: `days` open days counted from `from` (the day it became
 * ready counts when the hut is open), so closures pause the pickup clock.
 */
export function pickupBy(calendar: HutCalendar, from: string, days: number): string {
  let day = from;
  let counted = 0;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    if (isOpen(calendar, day)) {
      counted += 1;
      if (counted >= days) return day;
    }
    day = addDays(day, 1);
  }
  return addDays(from, days - 1);
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Weekly hours are well formed: each period starts before it ends and periods do not overlap. */
export function validHours(hours: Hours): boolean {
  for (const [day, periods] of Object.entries(hours)) {
    if (!/^[1-7]$/.test(day)) return false;
    const sorted = [...periods].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    let lastEnd = '';
    for (const [start, end] of sorted) {
      if (!TIME.test(start) || !TIME.test(end) || start >= end) return false;
      if (lastEnd && start < lastEnd) return false;
      lastEnd = end;
    }
  }
  return true;
}
