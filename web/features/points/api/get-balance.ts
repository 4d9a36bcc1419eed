import { useQuery } from '@tanstack/react-query';
import type { Balance } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** My balance, points given and received, and this month's gifts. */
export function useBalance() {
  return useQuery({
    queryKey: pointsKeys.balance,
    queryFn: () => apiFetch<Balance>('/api/me/points'),
    staleTime: 5_000,
  });
}
