import type { DivisionLevel } from '../../../common/schemas/divisions.js';
import { AppError } from '../../errors.js';

/** Significant digits of each level's code: 省 2, 市 4, 区县 6, 乡镇街道 9, 村居委会 12. */
const LEVEL_BY_LENGTH: Record<number, DivisionLevel> = {
  2: 'province',
  4: 'city',
  6: 'district',
  9: 'street',
  12: 'community',
};
const LENGTHS = [2, 4, 6, 9, 12] as const;

/**
 * Statistical division codes come in a short form (the significant digits: 44, 4406, 440604,
 * 440604012, 440604012045) and the padded 12-digit form. We store the 12-digit form and accept both.
 */
export function shortCodeOf(code: string): string {
  if (!/^\d+$/.test(code) || !(code.length in LEVEL_BY_LENGTH)) throw new AppError('invalid_division_code');
  if (code.length < 12) return code;
  if (code.endsWith('0000000000')) return code.slice(0, 2);
  if (code.endsWith('00000000')) return code.slice(0, 4);
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

export function fullCodeOf(code: string): string {
  return shortCodeOf(code).padEnd(12, '0');
}

export function levelOf(code: string): DivisionLevel {
  return LEVEL_BY_LENGTH[shortCodeOf(code).length]!;
}

/** Short codes of every ancestor, outermost first (440604012 → 44, 4406, 440604). */
export function ancestorShortCodes(code: string): string[] {
  const short = shortCodeOf(code);
  return LENGTHS.filter((n) => n < short.length).map((n) => short.slice(0, n));
}

export function parentFullCode(code: string): string | null {
  const ancestors = ancestorShortCodes(code);
  const parent = ancestors.at(-1);
  return parent === undefined ? null : parent.padEnd(12, '0');
}
