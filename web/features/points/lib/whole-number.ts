/**
 * Digits typed with a Chinese input method are often full-width (１２); they become ASCII. Nothing
 * else is changed: "1.5" or "-3" stays as typed, so the mistake is shown, never silently turned
 * into another number.
 */
export function normaliseDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** A whole number from `min` to `max`, or null (empty, fractional, negative, too large, not a number). */
export function parseWhole(text: string, max = 9_999_999, min = 1): number | null {
  const trimmed = normaliseDigits(text).trim();
  if (!/^\d{1,10}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}
