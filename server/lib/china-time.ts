/**
 * Calendar arithmetic in China Standard Time (UTC+8 all year; China has no daylight saving), so
 * "this month" for a monthly cap or statement means the month residents see on their phones.
 */
const OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM` of an instant, in China time. */
export function chinaMonthOf(at: number): string {
  const d = new Date(at + OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant of a `YYYY-MM` month and of the month after it, or null when malformed. */
export function chinaMonthRange(month: string): { start: number; end: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11 || year < 2000 || year > 2999) return null;
  return {
    start: Date.UTC(year, index, 1) - OFFSET_MS,
    end: Date.UTC(year, index + 1, 1) - OFFSET_MS,
  };
}

/** The instant `months` calendar months before `at` (China time), for expiry cut-offs. */
export function chinaMonthsBefore(at: number, months: number): number {
  const d = new Date(at + OFFSET_MS);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime() - OFFSET_MS;
}

/** `YYYY-MM-DD HH:MM` in China time, for statements people read. */
export function chinaDateTime(at: number): string {
  return new Date(at + OFFSET_MS).toISOString().replace('T', ' ').slice(0, 16);
}
