/**
 * GB 11643-1999 resident identity numbers: 6-digit area code, 8-digit birth date, 3-digit
 * sequence, ISO 7064 MOD 11-2 check character. "Well formed" only: a worker still has to see the
 * card. Accepts full-width digits and a lower-case x.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

export type ResidentIdProblem = 'format' | 'province' | 'birth_date' | 'check_digit';

export function normalizeResidentId(raw: string): string {
  return raw
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[xＸｘ]/g, 'X')
    .replace(/\s/g, '');
}

/** null when valid; otherwise what is wrong. `today` is injectable for tests. */
export function residentIdProblem(raw: string, today = new Date()): ResidentIdProblem | null {
  const id = normalizeResidentId(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!PROVINCES.has(id.slice(0, 2))) return 'province';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1850 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > today.getTime()
  ) {
    return 'birth_date';
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17] ? null : 'check_digit';
}

export function maskResidentId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 3)}***********${id.slice(14)}` : '***';
}

/** The birth date (UTC midnight) written in a well-formed 18-character ID number. */
export function birthDateOf(id: string): Date {
  const n = normalizeResidentId(id);
  return new Date(Date.UTC(Number(n.slice(6, 10)), Number(n.slice(10, 12)) - 1, Number(n.slice(12, 14))));
}

/** Full years of age on `today` of the holder of a well-formed ID number. */
export function ageOn(id: string, today: Date): number {
  const birth = birthDateOf(id);
  let age = today.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    today.getUTCMonth() < birth.getUTCMonth() ||
    (today.getUTCMonth() === birth.getUTCMonth() && today.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** Under 14: PIPL treats their data as sensitive; only with a guardian's account and consent. */
export const GUARDIAN_AGE = 14;
/** A guardian must be an adult. */
export const ADULT_AGE = 18;
