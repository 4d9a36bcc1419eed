import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ModerationItem } from '../../../../common/schemas/reviews';
import { apiFetch } from '../../../lib/api';
import { reviewsKeys } from './keys';

/** Reported reviews waiting for a decision in the communities I moderate. */
export function useModerationQueue(enabled: boolean) {
  return useQuery({
    queryKey: reviewsKeys.queue,
    queryFn: async () => (await apiFetch<{ items: ModerationItem[] }>('/api/staff/reviews/reports')).items,
    enabled,
    staleTime: 10_000,
  });
}

/** Hides (never deletes) or keeps a reported review, with a reason. */
export function useModerate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: 'hide' | 'keep'; reason: string }) =>
      apiFetch<ModerationItem>(`/api/staff/reviews/${encodeURIComponent(id)}/moderate`, {
        method: 'POST',
        json: { decision, reason },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: reviewsKeys.all }),
  });
}
