import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMENT_MAX, type ReviewInput, type ReviewTag } from '../../../../common/schemas/reviews';
import { ErrorMessage } from '../../../components/QueryState';
import { StarPicker } from './StarPicker';
import { TagChips } from './TagChips';

/** Stars, tags and a comment; used to give a review and to change it. */
export function ReviewForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: { stars: number; tags: ReviewTag[]; comment: string };
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: ReviewInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('reviews');
  const id = useId();
  const [stars, setStars] = useState(initial?.stars ?? 0);
  const [tags, setTags] = useState<ReviewTag[]>(initial?.tags ?? []);
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [tried, setTried] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (stars < 1) return;
        onSubmit({ stars, tags, comment: comment.trim() });
      }}
    >
      <p id={`${id}-stars`} className="field-label">
        {t('stars_label')}
      </p>
      <StarPicker value={stars} onChange={setStars} labelId={`${id}-stars`} />
      {tried && stars < 1 && (
        <p className="notice" role="alert">
          {t('choose_stars')}
        </p>
      )}
      <p id={`${id}-tags`} className="field-label">
        {t('tags_label')}
      </p>
      <TagChips value={tags} onChange={setTags} labelId={`${id}-tags`} />
      <label className="field-label" htmlFor={`${id}-comment`}>
        {t('comment_label')}
      </label>
      <textarea
        id={`${id}-comment`}
        className="input review-comment"
        maxLength={COMMENT_MAX}
        value={comment}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setComment(e.target.value)}
      />
      <p id={`${id}-hint`} className="small muted">
        {t('comment_hint')} {t('comment_count', { n: comment.length })}
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="button-row">
        <button type="submit" className={onCancel ? 'button' : 'button block-button'} disabled={pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
