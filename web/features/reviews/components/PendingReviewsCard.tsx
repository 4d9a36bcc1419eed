import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { usePendingReviews } from '../api/get-pending';
import { formatDate } from '../lib/format';
import '../reviews.css';

/** 待评价 on 我的: what I may still review, each opening its review page. */
export function PendingReviewsCard() {
  const { t, i18n } = useTranslation('reviews');
  const id = useId();
  const pending = usePendingReviews();
  if (pending.data?.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {t('pending_title')}
        {pending.data ? ` (${pending.data.length})` : ''}
      </h2>
      {pending.isPending && <Loading />}
      {pending.isError && <ErrorMessage error={pending.error} onRetry={() => void pending.refetch()} />}
      <ul className="list">
        {pending.data?.map((p) => (
          <li key={`${p.subjectKind}:${p.subjectId}`}>
            <Link className="row" to={`/reviews/${p.subjectKind}/${encodeURIComponent(p.subjectId)}`}>
              <span className="row-main">
                <span className="row-title">{p.title ?? t('review_page_title')}</span>
                <span className="row-sub">
                  {t('pending_with', { name: p.counterpart.nickname })} ·{' '}
                  {t('pending_until', { date: formatDate(p.closesAt, i18n.language) })}
                </span>
              </span>
              <span className="row-chevron" aria-hidden="true">
                ›
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
