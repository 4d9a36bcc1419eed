import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api';

/** Reports a review to the moderators of the reviewed person's community. */
export function useReportReview() {
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiFetch<void>(`/api/reviews/${encodeURIComponent(id)}/report`, { method: 'POST', json: { reason } }),
  });
}
