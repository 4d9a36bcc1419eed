import type { Hours, Item, Loan, Unit } from '../../../../common/schemas/huts.js';

/** Pure helpers that turn hut data into plain words (keys and values for the `huts` strings). */

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's hut-local date (China time, UTC+8), YYYY-MM-DD. */
export function chinaToday(now: number = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from date `a` to date `b` (YYYY-MM-DD), negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export interface Wording {
  key: string;
  values: Record<string, string | number>;
}

/** A due date in words: 今天到期 / 明天到期 / 还有 3 天（12月8日） / 已超期 2 天. */
export function dueWording(dueDate: string, today: string): Wording {
  const days = daysBetween(today, dueDate);
  const date = dueDate;
  if (days < 0) return { key: 'due.overdue', values: { days: -days, date } };
  if (days === 0) return { key: 'due.today', values: { date } };
  if (days === 1) return { key: 'due.tomorrow', values: { date } };
  return { key: 'due.in_days', values: { days, date } };
}

/** A pickup date of a ready hold in words. */
export function pickupWording(pickupBy: string, today: string): Wording {
  const days = daysBetween(today, pickupBy);
  if (days <= 0) return { key: 'pickup.today', values: { date: pickupBy } };
  return { key: 'pickup.by', values: { date: pickupBy, days } };
}

export type AvailabilityTone = 'free' | 'queue' | 'none';

/** How many copies are free, or who waits: "4 件中 2 件可借" / "都已借出，3 人排队". */
export function availabilityWording(item: {
  available: number;
  total: number;
  waiting?: number;
  pooled?: boolean;
  consumable?: boolean;
}): Wording & { tone: AvailabilityTone } {
  const waiting = item.waiting ?? 0;
  if (item.consumable) {
    return item.available > 0
      ? { key: 'avail.take', values: { n: item.available }, tone: 'free' }
      : { key: 'avail.gone', values: {}, tone: 'none' };
  }
  if (item.available > 0) {
    if (item.total <= 1) return { key: 'avail.one_free', values: {}, tone: 'free' };
    return { key: 'avail.free', values: { n: item.available, m: item.total }, tone: 'free' };
  }
  if (item.total === 0) return { key: 'avail.none_yet', values: {}, tone: 'none' };
  if (waiting > 0) return { key: 'avail.queue', values: { waiting }, tone: 'queue' };
  return { key: 'avail.all_out', values: {}, tone: 'queue' };
}

/** Copies of an item (units or pooled stock): what is free, and how many in all. */
export function itemCounts(item: Pick<Item, 'pooled' | 'stockTotal' | 'units' | 'available'>): {
  available: number;
  total: number;
} {
  if (item.pooled) return { available: item.available, total: item.stockTotal };
  return { available: item.available, total: item.units.filter((u) => u.status !== 'retired').length };
}

/** Units by status, for "2 件在消毒" lines; retired copies are left out. */
export function unitStatusCounts(units: readonly Unit[]): Partial<Record<Unit['status'], number>> {
  const out: Partial<Record<Unit['status'], number>> = {};
  for (const u of units) if (u.status !== 'retired') out[u.status] = (out[u.status] ?? 0) + 1;
  return out;
}

export interface HoursGroup {
  /** ISO weekdays (1 = Monday … 7 = Sunday), consecutive or not, sharing the same periods. */
  days: number[];
  /** "09:00–12:00" strings; empty when closed. */
  periods: string[];
}

/** Weekly hours grouped by identical periods, in weekday order; closed days form their own group. */
export function groupHours(hours: Hours): HoursGroup[] {
  const groups: HoursGroup[] = [];
  for (let day = 1; day <= 7; day++) {
    const periods = (hours[String(day)] ?? []).map(([a, b]) => `${a}–${b}`);
    const sig = periods.join(',');
    const same = groups.find((g) => g.periods.join(',') === sig);
    if (same) same.days.push(day);
    else groups.push({ days: [day], periods });
  }
  return groups;
}

/** Runs of consecutive weekdays: [2,3,4,5,7] → [[2,5],[7,7]]. */
export function dayRuns(days: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const d of [...days].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

/** Am I the lender of this loan (a neighbour loan of my own item) or the borrower? */
export function loanRole(loan: Pick<Loan, 'kind' | 'lenderNickname' | 'borrowerNickname'>, me: string) {
  if (loan.kind === 'neighbour' && loan.lenderNickname === me && loan.borrowerNickname !== me)
    return 'lender' as const;
  return 'borrower' as const;
}

/** What a scanned or typed code says: trimmed, and the last path part if a link was scanned. */
export function cleanCode(text: string): string {
  const trimmed = text.trim();
  const fromUrl = /^https?:\/\/\S+\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(trimmed);
  return fromUrl ? decodeURIComponent(fromUrl[1]!) : trimmed;
}

/** A neighbour loan's return time from a date and time typed in China time; null when invalid. */
export function returnByFromLocal(value: string, now: number, maxDays: number): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi) - CHINA_OFFSET_MS;
  if (Number.isNaN(ms) || ms <= now || ms > now + maxDays * DAY_MS) return null;
  return ms;
}

/** The street of a 12-digit community code (its first 9 digits), as a 12-digit code. */
export function streetOf(community: string): string | undefined {
  return /^\d{12}$/.test(community) && !community.endsWith('000') ? `${community.slice(0, 9)}000` : undefined;
}

/** Divisions whose huts I may keep: hut keeper and staff grants (12-digit codes), without repeats. */
export function keeperDivisions(roles: readonly { role: string; divisionCode: string }[]): string[] {
  const kinds = ['hut_keeper', 'worker', 'street_admin', 'district_admin'];
  return [
    ...new Set(
      roles
        .filter((r) => kinds.includes(r.role) && /^\d{12}$/.test(r.divisionCode))
        .map((r) => r.divisionCode),
    ),
  ];
}

/** A hut-local date for people: 12月19日周六 / Sat, Dec 19 (the date itself, whatever the device zone). */
export function formatDay(date: string, locale: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) return date;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(ms);
}

/** The same wording with its `date` value said for people. */
export function withDay(w: Wording, locale: string): Wording {
  return typeof w.values.date === 'string'
    ? { ...w, values: { ...w.values, date: formatDay(w.values.date, locale) } }
    : w;
}
