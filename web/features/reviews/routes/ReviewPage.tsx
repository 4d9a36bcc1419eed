import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { REVIEW_SUBJECT_KINDS, type ReviewSubjectKind } from '../../../../common/schemas/reviews';
import { SubjectReviewPanel } from '../components/SubjectReviewPanel';

/** /reviews/:kind/:id — the review of one subject, opened from 待评价. */
export function ReviewPage() {
  const { t } = useTranslation('reviews');
  const params = useParams();
  const kind = (REVIEW_SUBJECT_KINDS as readonly string[]).includes(params.kind ?? '')
    ? (params.kind as ReviewSubjectKind)
    : 'exchange';
  return (
    <>
      <h1>{t('review_page_title')}</h1>
      <SubjectReviewPanel kind={kind} subjectId={params.id ?? ''} />
    </>
  );
}
