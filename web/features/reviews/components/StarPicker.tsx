import { useTranslation } from 'react-i18next';

/** Five big star buttons (1–5); the chosen word is read out and shown beside them. */
export function StarPicker({
  value,
  onChange,
  labelId,
}: {
  value: number;
  onChange: (n: number) => void;
  labelId: string;
}) {
  const { t } = useTranslation('reviews');
  return (
    <>
      <div className="review-stars" role="radiogroup" aria-labelledby={labelId}>
        {[1, 2, 3, 4, 5].map((n) => (
          // biome-ignore lint/a11y/useSemanticElements: big tappable stars rather than tiny radio dots
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={value === n}
            aria-label={t('stars_aria', { n, word: t(`stars_word.${n}`) })}
            className={`review-star${n <= value ? ' on' : ''}`}
            onClick={() => onChange(n)}
          >
            {n <= value ? '★' : '☆'}
          </button>
        ))}
      </div>
      <p className="review-star-word" aria-live="polite">
        {value > 0 ? t(`stars_word.${value}`) : ''}
      </p>
    </>
  );
}
