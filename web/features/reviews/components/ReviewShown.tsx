import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Review } from '../../../../common/schemas/reviews';
import { ErrorMessage } from '../../../components/QueryState';
import { useReportReview } from '../api/report-review';
import { formatDate } from '../lib/format';
import { LogLinks } from './LogLinks';

/** One review as text (never HTML): stars, tags, comment, or why it was hidden; and reporting. */
export function ReviewShown({ review, title }: { review: Review; title?: string }) {
  const { t, i18n } = useTranslation('reviews');
  const id = useId();
  const report = useReportReview();
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <article className="review-shown" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        {title ?? review.reviewer.nickname}
        {!review.published && <span className="small muted"> · {t('blind_note')}</span>}
      </h3>
      {review.hidden && <p className="notice">{t('hidden', { reason: review.hiddenReason ?? '' })}</p>}
      {review.stars !== null && (
        <p
          className="review-shown-stars"
          role="img"
          aria-label={t('stars_aria', { n: review.stars, word: t(`stars_word.${review.stars}`) })}
        >
          {'★'.repeat(review.stars)}
          {'☆'.repeat(5 - review.stars)}
        </p>
      )}
      {review.tags.length > 0 && (
        <p>
          {review.tags.map((tag) => (
            <span key={tag} className="review-tag">
              {t(`tag.${tag}`)}
            </span>
          ))}
        </p>
      )}
      {review.comment ? <p className="review-text">{review.comment}</p> : null}
      <p className="small muted">{formatDate(review.updatedAt, i18n.language)}</p>
      <LogLinks indexes={review.logIndexes} />
      {review.abilities.report && !report.isSuccess && !reporting && (
        <button type="button" className="button secondary small-button" onClick={() => setReporting(true)}>
          {t('report')}
        </button>
      )}
      {reporting && !report.isSuccess && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) report.mutate({ id: review.id, reason: reason.trim() });
          }}
        >
          <label className="field-label" htmlFor={`${id}-reason`}>
            {t('report_reason')}
          </label>
          <input
            id={`${id}-reason`}
            className="input"
            maxLength={300}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          {report.isError && <ErrorMessage error={report.error} />}
          <div className="button-row">
            <button type="submit" className="button" disabled={report.isPending || !reason.trim()}>
              {t('report_send')}
            </button>
            <button type="button" className="button secondary" onClick={() => setReporting(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {report.isSuccess && (
        <p className="notice ok" role="status">
          {t('reported')}
        </p>
      )}
    </article>
  );
}
