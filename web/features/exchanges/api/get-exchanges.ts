import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ExchangeDetail, ExchangeListSchema } from '../../../../common/schemas/exchanges';
import { apiFetch } from '../../../lib/api';
import { exchangesKeys } from './keys';

export type ExchangeList = Static<typeof ExchangeListSchema>;
export type ListState = 'active' | 'finished' | 'all';

/** My exchanges, newest first, a page at a time. */
export function useExchanges(state: ListState) {
  return useInfiniteQuery({
    queryKey: exchangesKeys.list(state),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ state, limit: '20' });
      if (pageParam) params.set('cursor', pageParam);
      return apiFetch<ExchangeList>(`/api/exchanges?${params}`);
    },
    getNextPageParam: (last) => last.next,
    staleTime: 10_000,
  });
}

/** One exchange with its timeline and messages; polled so the other side's steps show up. */
export function useExchange(id: string) {
  return useQuery({
    queryKey: exchangesKeys.detail(id),
    queryFn: () => apiFetch<ExchangeDetail>(`/api/exchanges/${encodeURIComponent(id)}`),
    refetchInterval: 15_000,
    staleTime: 5_000,
  });
}

/** Disputed exchanges of a community, for its workers. */
export function useDisputes(community: string | undefined) {
  return useQuery({
    queryKey: exchangesKeys.staff(community ?? ''),
    queryFn: () =>
      apiFetch<ExchangeList>(
        `/api/staff/exchanges?status=disputed&community=${encodeURIComponent(community ?? '')}`,
      ),
    enabled: !!community,
  });
}
