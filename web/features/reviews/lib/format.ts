/** Dates and numbers of the reviews screens, in the active language. */
export function formatDate(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'long', day: 'numeric' }).format(new Date(ms));
}

export function formatTime(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

export function formatRating(value: number, language: string): string {
  return new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(
    value,
  );
}

export function formatRate(value: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}
