/**
 * Mainland mobile numbers: 11 digits starting 13–19. Accepts what people type: spaces, dashes,
 * full-width digits and a +86 / 0086 / 86 prefix. Returns the canonical 11 digits, or null.
 */
export function normalizePhone(raw: string): string | null {
  const ascii = raw
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[＋]/g, '+');
  let digits = ascii.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** 13912345678 → 139****5678: how a number is shown to anyone but its owner. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}
