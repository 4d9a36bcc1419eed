import { useQuery } from '@tanstack/react-query';
import type { Listing, MatchList } from '../../../../common/schemas/listings';
import { apiFetch } from '../../../lib/api';
import { listingsKeys } from './keys';

export function useListing(id: string, enabled = true) {
  return useQuery({
    queryKey: listingsKeys.detail(id),
    queryFn: () => apiFetch<Listing>(`/api/listings/${encodeURIComponent(id)}`),
    staleTime: 10_000,
    enabled: enabled && id !== '',
  });
}

/** Ranked matches with their reasons: offers for my need, needs for my offer. */
export function useMatches(id: string, enabled: boolean) {
  return useQuery({
    queryKey: listingsKeys.matches(id),
    queryFn: () => apiFetch<MatchList>(`/api/listings/${encodeURIComponent(id)}/matches?limit=10`),
    enabled,
    staleTime: 30_000,
  });
}
