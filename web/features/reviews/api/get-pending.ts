import { useQuery } from '@tanstack/react-query';
import type { PendingReview } from '../../../../common/schemas/reviews';
import { apiFetch } from '../../../lib/api';
import { reviewsKeys } from './keys';

/** What I may still review (待评价), ending soonest first. */
export function usePendingReviews() {
  return useQuery({
    queryKey: reviewsKeys.pending,
    queryFn: async () => (await apiFetch<{ items: PendingReview[] }>('/api/me/reviews/pending')).items,
    staleTime: 30_000,
  });
}
