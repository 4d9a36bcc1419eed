import { useTranslation } from 'react-i18next';
import type { Category } from '../../../../common/schemas/listings';

/** One row of big category chips (scrolls sideways), "all" first. */
export function CategoryChips({
  categories,
  value,
  onChange,
}: {
  categories: Category[];
  value: string;
  onChange: (key: string) => void;
}) {
  const { t, i18n } = useTranslation('listings');
  const zh = i18n.language.startsWith('zh');
  return (
    <fieldset className="lx-chips" aria-label={t('categories_label')}>
      <button type="button" className="lx-chip" aria-pressed={value === ''} onClick={() => onChange('')}>
        {t('categories_all')}
      </button>
      {categories
        .filter((c) => c.active)
        .map((c) => (
          <button
            key={c.key}
            type="button"
            className="lx-chip"
            aria-pressed={value === c.key}
            onClick={() => onChange(value === c.key ? '' : c.key)}
          >
            {zh ? c.nameZh : c.nameEn}
          </button>
        ))}
    </fieldset>
  );
}
