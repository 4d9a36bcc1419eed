import { useQuery } from '@tanstack/react-query';
import type { MonthlyStatement } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** One month (China time): opening and closing balance, received, given, every line. */
export function useMonthlyStatement(month: string) {
  return useQuery({
    queryKey: pointsKeys.monthly(month),
    queryFn: () => apiFetch<MonthlyStatement>(`/api/me/points/statements/${encodeURIComponent(month)}`),
  });
}
