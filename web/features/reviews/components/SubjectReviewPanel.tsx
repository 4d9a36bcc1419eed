import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewSubjectKind } from '../../../../common/schemas/reviews';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { ApiError } from '../../../lib/api';
import { useEditReview } from '../api/edit-review';
import { useSubjectReviews } from '../api/get-subject-reviews';
import { useSubmitReview } from '../api/submit-review';
import { formatDate, formatTime } from '../lib/format';
import '../reviews.css';
import { ReviewForm } from './ReviewForm';
import { ReviewShown } from './ReviewShown';

/**
 * The review card of one subject for one of its two participants: the form while I may review,
 * my review (changeable for 30 minutes while blind), and the other side's once published.
 * Shows nothing when the subject has no review window (not finished yet, or not mine).
 */
export function SubjectReviewPanel({ kind, subjectId }: { kind: ReviewSubjectKind; subjectId: string }) {
  const { t, i18n } = useTranslation('reviews');
  const id = useId();
  const state = useSubjectReviews(kind, subjectId);
  const submit = useSubmitReview(kind, subjectId);
  const edit = useEditReview();
  const [editing, setEditing] = useState(false);
  if (state.isPending) return <Loading />;
  if (state.isError) {
    if (state.error instanceof ApiError && state.error.status === 404) return null;
    return <ErrorMessage error={state.error} onRetry={() => void state.refetch()} />;
  }
  const s = state.data;
  const name = s.counterpart.nickname;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('prompt_title')}</h2>
      {s.title && <p className="lead">{s.title}</p>}
      {s.abilities.review && (
        <>
          <p>{t('prompt_intro', { name, date: formatDate(s.closesAt, i18n.language) })}</p>
          {s.theirsSubmitted && <p className="notice">{t('prompt_their_waiting', { name })}</p>}
          <ReviewForm
            submitLabel={t('submit')}
            pending={submit.isPending}
            error={submit.error}
            onSubmit={(input) => submit.mutate(input)}
          />
        </>
      )}
      {!s.abilities.review && !s.mine && <p className="muted">{t('prompt_closed')}</p>}
      {s.mine && !editing && (
        <>
          {submit.isSuccess && (
            <p className="notice ok" role="status">
              {t('submitted')}
            </p>
          )}
          <ReviewShown review={s.mine} title={t('mine_title')} />
          {!s.mine.published && !s.theirs && <p className="small muted">{t('prompt_waiting')}</p>}
          {s.abilities.edit && s.mine.editableUntil !== null && (
            <>
              <p className="small muted">
                {t('edit_until', { time: formatTime(s.mine.editableUntil, i18n.language) })}
              </p>
              <button type="button" className="button secondary" onClick={() => setEditing(true)}>
                {t('edit')}
              </button>
            </>
          )}
        </>
      )}
      {s.mine && editing && (
        <ReviewForm
          initial={{ stars: s.mine.stars ?? 0, tags: s.mine.tags, comment: s.mine.comment ?? '' }}
          submitLabel={t('save')}
          pending={edit.isPending}
          error={edit.error}
          onCancel={() => setEditing(false)}
          onSubmit={(input) => edit.mutate({ id: s.mine!.id, input }, { onSuccess: () => setEditing(false) })}
        />
      )}
      {s.theirs && <ReviewShown review={s.theirs} title={t('theirs_title', { name })} />}
    </section>
  );
}
