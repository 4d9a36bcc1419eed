import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateExchangeInput, ExchangeDetail } from '../../../../common/schemas/exchanges';
import { apiFetch } from '../../../lib/api';
import { listingsKeys } from './keys';

/** Answers a listing: asks for an offer's help, or offers help with a need (starts an exchange). */
export function useRespond() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateExchangeInput) =>
      apiFetch<ExchangeDetail>('/api/exchanges', { method: 'POST', json: input }),
    onSuccess: (_exchange, input) => {
      void client.invalidateQueries({ queryKey: listingsKeys.detail(input.listingId) });
      void client.invalidateQueries({ queryKey: ['exchanges'] });
    },
  });
}
