import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Review, ReviewInput } from '../../../../common/schemas/reviews';
import { apiFetch } from '../../../lib/api';
import { reviewsKeys } from './keys';

/** Changes my review (within 30 minutes, while the other side has not reviewed). */
export function useEditReview() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ReviewInput }) =>
      apiFetch<Review>(`/api/reviews/${encodeURIComponent(id)}`, { method: 'PATCH', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: reviewsKeys.all }),
  });
}
