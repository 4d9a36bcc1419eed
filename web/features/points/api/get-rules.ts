import { useQuery } from '@tanstack/react-query';
import type { RulesVersion } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** The rules in force: for my district by default, or for the district given. */
export function useRules(division?: string, enabled = true) {
  return useQuery({
    queryKey: pointsKeys.rules(division),
    queryFn: () =>
      apiFetch<RulesVersion>(
        division ? `/api/points/rules?division=${encodeURIComponent(division)}` : '/api/points/rules',
      ),
    enabled,
  });
}
