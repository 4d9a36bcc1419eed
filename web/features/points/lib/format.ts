/** Dates of the love bank are shown in China time, whatever the device's zone. */
export function formatDateTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

export function formatMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(
    Date.UTC(y ?? 1970, (m ?? 1) - 1, 15),
  );
}

export function formatPoints(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** +15 / −5: the sign always shown, with a real minus sign. */
export function formatSigned(n: number, locale: string): string {
  const abs = new Intl.NumberFormat(locale).format(Math.abs(n));
  return n > 0 ? `+${abs}` : n < 0 ? `−${abs}` : abs;
}
