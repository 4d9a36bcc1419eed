import type { MatchReason } from '../../../../common/schemas/listings.js';

/** The translate function of the `listings` namespace (i18next's `t`, or a stand-in in tests). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Proximity first, then what fits, then who the helper is: the order chips are read in. */
const ORDER: MatchReason['code'][] = [
  'same_compound',
  'same_community',
  'same_street',
  'same_district',
  'rating',
  'category',
  'related_category',
  'keywords',
  'availability',
  'verified',
  'experienced',
  'idle_helper',
  'new_helper',
];

const str = (v: string | number | undefined): string | undefined =>
  v === undefined || v === '' ? undefined : String(v);

/**
 * One chip's words for a match reason, e.g. 同小区, 评分 4.8, 水电维修. Category keys become the
 * category's name in the reader's language (`categoryName`), numbers are formatted for the locale,
 * and a reason this client does not know yet is shown by its code rather than dropped.
 */
export function reasonLabel(
  reason: MatchReason,
  t: Translate,
  categoryName: (key: string) => string,
  locale: string,
): string {
  const p = reason.params ?? {};
  const num = (v: string | number | undefined, digits = 0) => {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n)
      ? new Intl.NumberFormat(locale, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(n)
      : '';
  };
  switch (reason.code) {
    case 'category':
    case 'related_category': {
      const key = str(p.category) ?? str(p.key);
      const name = key ? categoryName(key) : (str(p.name) ?? '');
      return t(`reasons.${reason.code}`, { name });
    }
    case 'keywords': {
      const words = str(p.words) ?? str(p.keywords) ?? str(p.word) ?? '';
      const list = words
        .split(/[,，、\s]+/)
        .filter(Boolean)
        .slice(0, 3);
      return list.length > 0
        ? t('reasons.keywords', { words: list.join('、') })
        : t('reasons.keywords_plain');
    }
    case 'rating':
      return t('reasons.rating', { rating: num(p.rating ?? p.value, 1) });
    case 'experienced': {
      const count = Number(p.completed ?? p.count);
      return Number.isFinite(count) ? t('reasons.experienced', { count }) : t('reasons.experienced_plain');
    }
    case 'availability': {
      const count = Number(p.slots ?? p.overlap ?? p.count);
      return Number.isFinite(count) && count > 0
        ? t('reasons.availability', { count })
        : t('reasons.availability_plain');
    }
    case 'verified': {
      const level = str(p.level);
      return t('reasons.verified', {
        level: level ? t(`verification.${level}`, { defaultValue: level }) : t('verification.real_name'),
      });
    }
    default:
      return t(`reasons.${reason.code}`, { defaultValue: reason.code });
  }
}

/** Chips in reading order (nearness first), at most `max`, with duplicates of one code removed. */
export function reasonLabels(
  reasons: readonly MatchReason[],
  t: Translate,
  categoryName: (key: string) => string,
  locale: string,
  max = 5,
): string[] {
  const rank = (code: string) => {
    const i = ORDER.indexOf(code as MatchReason['code']);
    return i === -1 ? ORDER.length : i;
  };
  const seen = new Set<string>();
  return [...reasons]
    .sort((a, b) => rank(a.code) - rank(b.code))
    .filter((r) => {
      if (seen.has(r.code)) return false;
      seen.add(r.code);
      return true;
    })
    .slice(0, max)
    .map((r) => reasonLabel(r, t, categoryName, locale));
}
