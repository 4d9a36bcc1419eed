import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone.js';
import { maskResidentId, residentIdProblem } from './resident-id.js';
import vectors from './testdata/gb11643-ids.json' with { type: 'json' };

describe('GB 11643 resident ID numbers (shared vectors)', () => {
  it.each(vectors.cases)('$number → valid=$valid ($why)', ({ number, valid }) => {
    expect(residentIdProblem(number) === null).toBe(valid);
  });

  it('accepts full-width digits and a lower-case x, refuses future births and unknown provinces', () => {
    expect(residentIdProblem('１１０１０５１９４９１２３１００２x')).toBeNull();
    expect(residentIdProblem('11010520990101001X', new Date('2026-12-03'))).toBe('birth_date');
    expect(residentIdProblem('990105194912310023')).toBe('province');
    expect(residentIdProblem('1101051949')).toBe('format');
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
  });
});

describe('mainland mobile numbers (shared vectors)', () => {
  it.each(vectors.mobile.valid)('accepts %s', (raw) => {
    expect(normalizePhone(raw)).toBe('13912345678');
  });
  it.each(vectors.mobile.invalid)('refuses %s', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
  it('masks', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(normalizePhone('0086-139-1234-5678')).toBe('13912345678');
  });
});
