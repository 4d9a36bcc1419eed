import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TransferResult } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

export interface GiftInput {
  familyLinkId: string;
  amount: number;
  idempotencyKey: string;
}

/** Gives points to a confirmed family member; the same key on a retry never pays twice. */
export function useSendGift() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: GiftInput) =>
      apiFetch<TransferResult>('/api/me/points/gifts', { method: 'POST', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: pointsKeys.all }),
  });
}
