import { useTranslation } from 'react-i18next';
import { REVIEW_TAGS, type ReviewTag } from '../../../../common/schemas/reviews';

/** The fixed tags as toggle chips. */
export function TagChips({
  value,
  onChange,
  labelId,
}: {
  value: ReviewTag[];
  onChange: (tags: ReviewTag[]) => void;
  labelId: string;
}) {
  const { t } = useTranslation('reviews');
  return (
    <fieldset className="review-chips" aria-labelledby={labelId}>
      {REVIEW_TAGS.map((tag) => {
        const on = value.includes(tag);
        return (
          <button
            key={tag}
            type="button"
            className="review-chip"
            aria-pressed={on}
            onClick={() => onChange(on ? value.filter((x) => x !== tag) : [...value, tag])}
          >
            {t(`tag.${tag}`)}
          </button>
        );
      })}
    </fieldset>
  );
}
