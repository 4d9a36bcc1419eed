import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModerationItem } from '../../../../common/schemas/reviews';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useModerate, useModerationQueue } from '../api/moderation';
import { formatDate } from '../lib/format';
import '../reviews.css';

const STAFF = ['worker', 'street_admin', 'district_admin'];

function QueueItem({ item }: { item: ModerationItem }) {
  const { t, i18n } = useTranslation('reviews');
  const id = useId();
  const moderate = useModerate();
  const [reason, setReason] = useState('');
  const r = item.review;
  const decide = (decision: 'hide' | 'keep') => {
    if (reason.trim()) moderate.mutate({ id: r.id, decision, reason: reason.trim() });
  };
  return (
    <li className="review-shown">
      <p className="field-label">
        {t('moderation_by_to', { reviewer: r.reviewer.nickname, reviewee: r.reviewee.nickname })}
      </p>
      {r.stars !== null && (
        <p className="review-shown-stars">
          {'★'.repeat(r.stars)}
          {'☆'.repeat(5 - r.stars)}
        </p>
      )}
      {r.tags.length > 0 && (
        <p>
          {r.tags.map((tag) => (
            <span key={tag} className="review-tag">
              {t(`tag.${tag}`)}
            </span>
          ))}
        </p>
      )}
      {r.comment ? <p className="review-text">{r.comment}</p> : null}
      <p className="small muted">
        {t('moderation_reports', { n: item.reports.length })} ·{' '}
        {formatDate(item.firstReportedAt, i18n.language)}
      </p>
      <ul>
        {item.reports.map((p) => (
          <li key={`${p.createdAt}-${p.reason}`} className="review-text">
            {p.reason}
          </li>
        ))}
      </ul>
      <label className="field-label" htmlFor={`${id}-reason`}>
        {t('moderation_reason')}
      </label>
      <input
        id={`${id}-reason`}
        className="input"
        maxLength={300}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {moderate.isError && <ErrorMessage error={moderate.error} />}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!reason.trim() || moderate.isPending}
          onClick={() => decide('hide')}
        >
          {t('moderation_hide')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={!reason.trim() || moderate.isPending}
          onClick={() => decide('keep')}
        >
          {t('moderation_keep')}
        </button>
      </div>
    </li>
  );
}

/** The console's review moderation queue, for staff of the reviewed people's communities. */
export function ModerationQueueCard({ roles }: { roles: { role: string }[] }) {
  const { t } = useTranslation('reviews');
  const id = useId();
  const staff = roles.some((r) => STAFF.includes(r.role));
  const queue = useModerationQueue(staff);
  if (!staff) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('moderation_title')}</h2>
      <p className="small muted">{t('moderation_intro')}</p>
      {queue.isPending && <Loading />}
      {queue.isError && <ErrorMessage error={queue.error} onRetry={() => void queue.refetch()} />}
      {queue.data?.length === 0 && <p className="muted">{t('moderation_empty')}</p>}
      <ul className="list">
        {queue.data?.map((item) => (
          <QueueItem key={item.review.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
