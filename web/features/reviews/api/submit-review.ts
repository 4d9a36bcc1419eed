import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Review, ReviewInput, ReviewSubjectKind } from '../../../../common/schemas/reviews';
import { apiFetch } from '../../../lib/api';
import { reviewsKeys } from './keys';

/** Gives my review of a subject (once; blind until the other side reviews or the window closes). */
export function useSubmitReview(kind: ReviewSubjectKind, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) =>
      apiFetch<Review>(`/api/reviews/subjects/${kind}/${encodeURIComponent(id)}`, {
        method: 'POST',
        json: input,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: reviewsKeys.all }),
  });
}
