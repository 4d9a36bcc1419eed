import { useInfiniteQuery } from '@tanstack/react-query';
import type { ListingPage, ListingQuery } from '../../../../common/schemas/listings';
import { apiFetch } from '../../../lib/api';
import { listingsKeys } from './keys';

/** The query as URL parameters; empty values are left out. */
export function listingParams(query: ListingQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  return params;
}

/** Listings for the feed, search and "mine", a page at a time. */
export function useListings(query: ListingQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: listingsKeys.list(query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = listingParams({ limit: 20, ...query });
      if (pageParam) params.set('cursor', pageParam);
      return apiFetch<ListingPage>(`/api/listings?${params}`);
    },
    getNextPageParam: (last) => last.next,
    staleTime: 15_000,
    enabled,
  });
}
