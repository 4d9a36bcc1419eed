/** Times of an exchange are typed and shown in China time (UTC+8, no daylight saving), whatever the device's zone. */
const OFFSET_MS = 8 * 3_600_000;

/** "2026-12-06T09:30" (a datetime-local value, China time) → epoch ms, or null. */
export function epochFromLocal(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi) - OFFSET_MS;
}

/** Epoch ms → a datetime-local value in China time. */
export function localFromEpoch(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}

/** A date and time for people: 12月6日 周六 09:30 / Sat, Dec 6, 09:30. */
export function formatWhen(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

/** Minutes as hours and minutes, e.g. 1 小时 30 分钟, through the given translate function. */
export function splitMinutes(minutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
