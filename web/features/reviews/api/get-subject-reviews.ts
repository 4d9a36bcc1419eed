import { useQuery } from '@tanstack/react-query';
import type { ReviewSubjectKind, SubjectReviews } from '../../../../common/schemas/reviews';
import { apiFetch } from '../../../lib/api';
import { reviewsKeys } from './keys';

/** The reviews of a subject as one of its two participants sees them (the other's stays blind). */
export function useSubjectReviews(kind: ReviewSubjectKind, id: string, enabled = true) {
  return useQuery({
    queryKey: reviewsKeys.subject(kind, id),
    queryFn: () => apiFetch<SubjectReviews>(`/api/reviews/subjects/${kind}/${encodeURIComponent(id)}`),
    enabled,
    staleTime: 10_000,
  });
}
