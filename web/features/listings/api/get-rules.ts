import { useQuery } from '@tanstack/react-query';
import type { RulesVersion } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { listingsKeys } from './keys';

/** My district's love-bank rules, for the post form's default points. */
export function usePointsRules() {
  return useQuery({
    queryKey: listingsKeys.rules,
    queryFn: () => apiFetch<RulesVersion>('/api/points/rules'),
    staleTime: 10 * 60_000,
    retry: false,
  });
}
