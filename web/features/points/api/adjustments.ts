import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Adjustment, TransferResult } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** Adjustments of a district waiting for a second admin. */
export function usePendingAdjustments(district: string | undefined) {
  return useQuery({
    queryKey: pointsKeys.adjustments(district ?? ''),
    queryFn: () =>
      apiFetch<{ items: Adjustment[] }>(`/api/points/adjustments?division=${district}&status=pending`).then(
        (r) => r.items,
      ),
    enabled: !!district,
  });
}

export function useRequestAdjustment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      accountId: string;
      amount: number;
      reason: string;
      override: boolean;
      idempotencyKey: string;
    }) => apiFetch<Adjustment>('/api/points/adjustments', { method: 'POST', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['points', 'adjustments'] }),
  });
}

/** Approves (a second admin) or rejects a pending adjustment. */
export function useDecideAdjustment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; decision: 'approve' | 'reject' }) =>
      apiFetch<Adjustment>(`/api/points/adjustments/${encodeURIComponent(input.id)}/${input.decision}`, {
        method: 'POST',
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['points', 'adjustments'] }),
  });
}

/** Reverses a transfer with a reversing transfer (district admin). */
export function useReverseTransfer() {
  return useMutation({
    mutationFn: (input: { transferId: string; reason: string; override: boolean; idempotencyKey: string }) =>
      apiFetch<TransferResult>(`/api/points/transfers/${encodeURIComponent(input.transferId)}/reverse`, {
        method: 'POST',
        json: { reason: input.reason, override: input.override, idempotencyKey: input.idempotencyKey },
      }),
  });
}

/** A district admin sets a resident's own credit limit, or null for the district default. */
export function useSetCreditLimit() {
  return useMutation({
    mutationFn: (input: { accountId: string; creditLimit: number | null }) =>
      apiFetch<void>(`/api/points/accounts/${encodeURIComponent(input.accountId)}/credit-limit`, {
        method: 'PUT',
        json: { creditLimit: input.creditLimit },
      }),
  });
}
