import {
  CATEGORY_GROUPS,
  type Category,
  type CategoryInput,
  VERIFICATION_LEVELS,
} from '../../../../common/schemas/listings.js';
import { charCount, parseTags } from './form.js';

/** The category form as typed. */
export interface CategoryDraft {
  key: string;
  group: CategoryInput['group'];
  nameZh: string;
  nameEn: string;
  keywords: string;
  requiredVerification: CategoryInput['requiredVerification'];
  sortOrder: string;
  active: boolean;
}

export const emptyCategory = (): CategoryDraft => ({
  key: '',
  group: CATEGORY_GROUPS[0],
  nameZh: '',
  nameEn: '',
  keywords: '',
  requiredVerification: VERIFICATION_LEVELS[0],
  sortOrder: '',
  active: true,
});

export const draftFromCategory = (c: Category): CategoryDraft => ({
  key: c.key,
  group: c.group,
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  keywords: c.keywords.join('，'),
  requiredVerification: c.requiredVerification,
  sortOrder: String(c.sortOrder),
  active: c.active,
});

/** Checks a category against the contract (key pattern, name lengths, keywords) → errors or the input. */
export function validateCategory(
  draft: CategoryDraft,
  isNew: boolean,
): { errors: Partial<Record<keyof CategoryDraft, string>>; input: CategoryInput | null } {
  const errors: Partial<Record<keyof CategoryDraft, string>> = {};
  if (isNew && !/^[a-z0-9_]{1,40}$/.test(draft.key.trim())) errors.key = 'tax.invalid_key';
  const zh = draft.nameZh.trim();
  const en = draft.nameEn.trim();
  if (zh === '' || charCount(zh) > 20) errors.nameZh = 'tax.invalid_name_zh';
  if (en === '' || charCount(en) > 40) errors.nameEn = 'tax.invalid_name_en';
  const keywords = parseTags(draft.keywords);
  if (keywords.length > 20 || keywords.some((k) => charCount(k) > 12))
    errors.keywords = 'tax.invalid_keywords';
  const order = draft.sortOrder.trim();
  if (order !== '' && !(/^\d{1,5}$/.test(order) && Number(order) <= 10_000))
    errors.sortOrder = 'tax.invalid_order';
  if (Object.keys(errors).length > 0) return { errors, input: null };
  return {
    errors,
    input: {
      group: draft.group,
      nameZh: zh,
      nameEn: en,
      keywords,
      requiredVerification: draft.requiredVerification,
      ...(order !== '' ? { sortOrder: Number(order) } : {}),
      active: draft.active,
    },
  };
}

/** Districts (6-digit codes) where the roles make me a district admin. */
export function adminDistricts(roles: readonly { role: string; divisionCode: string }[]): string[] {
  return [
    ...new Set(roles.filter((r) => r.role === 'district_admin').map((r) => r.divisionCode.slice(0, 6))),
  ];
}
