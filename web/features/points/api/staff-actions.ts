import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PriorityResident, TransferResult } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** Records public-benefit help; the community issues points by the rules. */
export function useRecordHelp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { accountId: string; minutes: number; memo: string; idempotencyKey: string }) =>
      apiFetch<TransferResult>('/api/points/help-records', { method: 'POST', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['points', 'budgets'] }),
  });
}

export type Priority = 'elderly_alone' | 'disabled' | 'other';

/** Marks or clears a priority resident (elderly living alone, disabled…). */
export function useSetPriority() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { accountId: string; priority: Priority | null }) =>
      apiFetch<void>(`/api/points/priority/${encodeURIComponent(input.accountId)}`, {
        method: 'PUT',
        json: { priority: input.priority },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['points', 'priority'] }),
  });
}

/** Grants points from the community pool to a priority resident. */
export function useGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { accountId: string; amount: number; reason: string; idempotencyKey: string }) =>
      apiFetch<TransferResult>('/api/points/grants', { method: 'POST', json: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['points', 'priority'] });
      void client.invalidateQueries({ queryKey: ['points', 'budgets'] });
    },
  });
}

/** Priority residents of a community. */
export function usePriorityResidents(community: string | undefined) {
  return useQuery({
    queryKey: pointsKeys.priority(community ?? ''),
    queryFn: () =>
      apiFetch<{ items: PriorityResident[] }>(`/api/points/priority?community=${community}`).then(
        (r) => r.items,
      ),
    enabled: !!community,
  });
}
