import type { TransferType } from '../../../../common/schemas/points.js';

/** What the statement is narrowed to; `month` is YYYY-MM in China time. */
export interface StatementFilter {
  type?: TransferType | undefined;
  direction?: 'in' | 'out' | undefined;
  month?: string | undefined;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The first and last millisecond of a month in China time (Asia/Shanghai has no DST). */
export function chinaMonthRange(month: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (index < 0 || index > 11) return null;
  const from = Date.UTC(year, index, 1) - CHINA_OFFSET_MS;
  const to = Date.UTC(year, index + 1, 1) - CHINA_OFFSET_MS - 1;
  return { from, to };
}

/** This month in China time, as YYYY-MM. */
export function currentChinaMonth(now = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

/** The filter as query parameters of the statement and CSV endpoints. */
export function filterParams(filter: StatementFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.type) params.set('type', filter.type);
  if (filter.direction) params.set('direction', filter.direction);
  const range = filter.month ? chinaMonthRange(filter.month) : null;
  if (range) {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  }
  return params;
}
