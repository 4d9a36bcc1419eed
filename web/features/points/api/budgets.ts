import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Budget } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** Budgets, points issued and pools of the communities in a division (staff). */
export function useBudgets(division: string | undefined) {
  return useQuery({
    queryKey: pointsKeys.budgets(division ?? ''),
    queryFn: () =>
      apiFetch<{ items: Budget[] }>(`/api/points/budgets?division=${division}`).then((r) => r.items),
    enabled: !!division,
  });
}

/** Sets a community's budget (district admin). */
export function useSetBudget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { community: string; budget: number }) =>
      apiFetch<void>(`/api/points/budgets/${input.community}`, {
        method: 'PUT',
        json: { budget: input.budget },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['points', 'budgets'] }),
  });
}
