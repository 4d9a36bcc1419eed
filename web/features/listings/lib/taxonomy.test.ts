import { describe, expect, it } from 'vitest';
import { adminDistricts, emptyCategory, validateCategory } from './taxonomy.js';

describe('the taxonomy editor', () => {
  it('sends a valid new category with its keywords split', () => {
    const { errors, input } = validateCategory(
      {
        ...emptyCategory(),
        key: 'kite_repair',
        nameZh: '修风筝',
        nameEn: 'Kite repair',
        keywords: '风筝，线轴 竹骨',
        sortOrder: '40',
      },
      true,
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      group: 'repair',
      nameZh: '修风筝',
      nameEn: 'Kite repair',
      keywords: ['风筝', '线轴', '竹骨'],
      requiredVerification: 'phone',
      sortOrder: 40,
      active: true,
    });
  });

  it('refuses a bad key, empty names, long keywords and a bad order', () => {
    const { errors } = validateCategory(
      {
        ...emptyCategory(),
        key: 'Kite Repair',
        nameZh: ' ',
        nameEn: 'x'.repeat(41),
        keywords: '一二三四五六七八九十一二三',
        sortOrder: '-1',
      },
      true,
    );
    expect(Object.keys(errors).sort()).toEqual(['key', 'keywords', 'nameEn', 'nameZh', 'sortOrder']);
    // An existing category keeps its key; only the new one is checked.
    expect(
      validateCategory({ ...emptyCategory(), key: '', nameZh: '修', nameEn: 'Fix' }, false).errors,
    ).toEqual({});
  });

  it('finds the districts I administer', () => {
    expect(
      adminDistricts([
        { role: 'district_admin', divisionCode: '440604000000' },
        { role: 'worker', divisionCode: '440604012045' },
        { role: 'district_admin', divisionCode: '440604000000' },
      ]),
    ).toEqual(['440604']);
  });
});
