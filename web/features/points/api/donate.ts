import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TransferResult } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** Donates points to my community's pool (爱心池). */
export function useDonate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { amount: number; idempotencyKey: string }) =>
      apiFetch<TransferResult>('/api/me/points/donations', { method: 'POST', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pointsKeys.all }),
  });
}
