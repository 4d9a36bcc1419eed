import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DivisionSearchResult } from '../../../../common/schemas/divisions';
import { apiFetch } from '../../../lib/api';
import { divisionKeys } from './keys';

export const divisionSearchQuery = (q: string, within?: string) => ({
  queryKey: divisionKeys.search(q, within),
  queryFn: () => {
    const params = new URLSearchParams({ q });
    if (within) params.set('within', within);
    return apiFetch<DivisionSearchResult>(`/api/divisions/search?${params}`);
  },
});

/** Searches as the person types; an empty box asks nothing. */
export function useDivisionSearch(q: string, within?: string) {
  const trimmed = q.trim();
  return useQuery({
    ...divisionSearchQuery(trimmed, within),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
  });
}
