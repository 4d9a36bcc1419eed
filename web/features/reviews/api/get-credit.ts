import { useQuery } from '@tanstack/react-query';
import type { CreditRecord } from '../../../../common/schemas/reviews';
import { apiFetch } from '../../../lib/api';
import { reviewsKeys } from './keys';

/** A person's credit record (信用记录): the aggregate for all, the detail with their consent. */
export function useCreditRecord(personId: string) {
  return useQuery({
    queryKey: reviewsKeys.credit(personId),
    queryFn: () => apiFetch<CreditRecord>(`/api/people/${encodeURIComponent(personId)}/credit`),
    staleTime: 30_000,
  });
}
