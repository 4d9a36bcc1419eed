import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  Hold,
  Hut,
  HutList,
  Item,
  ItemHistorySchema,
  ItemPage,
  Loan,
  MemberCodeSchema,
  OverdueReportSchema,
  QueueSchema,
  ResolvedPolicySchema,
  UtilisationReport,
} from '../../../../common/schemas/huts';
import { apiFetch } from '../../../lib/api';
import { hutsKeys } from './keys';

export type ResolvedPolicy = Static<typeof ResolvedPolicySchema>;
export type ItemHistory = Static<typeof ItemHistorySchema>;
export type Queue = Static<typeof QueueSchema>;
export type OverdueReport = Static<typeof OverdueReportSchema>;
export type MemberCode = Static<typeof MemberCodeSchema>;
export type ReportKind = 'utilisation' | 'most_borrowed' | 'never_borrowed';

const enc = encodeURIComponent;

/** Huts of a community, or of every community under a street. */
export function useHuts(division: string | undefined) {
  return useQuery({
    queryKey: hutsKeys.list(division ?? ''),
    queryFn: () => apiFetch<HutList>(`/api/huts?division=${enc(division ?? '')}`),
    enabled: !!division && /^\d{12}$/.test(division),
  });
}

export function useHut(id: string) {
  return useQuery({ queryKey: hutsKeys.hut(id), queryFn: () => apiFetch<Hut>(`/api/huts/${enc(id)}`) });
}

export interface CatalogueFilter {
  hut: string;
  q: string;
  category: string;
  available: boolean;
}

/** A hut's catalogue, a page at a time, filtered by words, category and "free now". */
export function useCatalogue(filter: CatalogueFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: hutsKeys.items({ ...filter }),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ hut: filter.hut, limit: '20' });
      if (filter.q.trim()) params.set('q', filter.q.trim().slice(0, 60));
      if (filter.category) params.set('category', filter.category);
      if (filter.available) params.set('available', 'true');
      if (pageParam) params.set('cursor', pageParam);
      return apiFetch<ItemPage>(`/api/huts/items?${params}`);
    },
    getNextPageParam: (last) => last.cursor,
    staleTime: 15_000,
    enabled,
  });
}

export function useItem(id: string) {
  return useQuery({
    queryKey: hutsKeys.item(id),
    queryFn: () => apiFetch<Item>(`/api/huts/items/${enc(id)}`),
    staleTime: 10_000,
  });
}

export function usePolicy(id: string) {
  return useQuery({
    queryKey: hutsKeys.policy(id),
    queryFn: () => apiFetch<ResolvedPolicy>(`/api/huts/items/${enc(id)}/policy`),
  });
}

export function useHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: hutsKeys.history(id),
    queryFn: () => apiFetch<ItemHistory>(`/api/huts/items/${enc(id)}/history`),
    enabled,
  });
}

export function useQueue(id: string, enabled: boolean) {
  return useQuery({
    queryKey: hutsKeys.queue(id),
    queryFn: () => apiFetch<Queue>(`/api/huts/items/${enc(id)}/queue`),
    enabled,
  });
}

export function useMyHolds() {
  return useQuery({
    queryKey: hutsKeys.myHolds,
    queryFn: () => apiFetch<{ items: Hold[] }>('/api/me/huts/holds'),
    staleTime: 10_000,
  });
}

export function useMyLoans() {
  return useQuery({
    queryKey: hutsKeys.myLoans,
    queryFn: () => apiFetch<{ items: Loan[] }>('/api/me/huts/loans'),
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
}

export function useMemberCode() {
  return useQuery({
    queryKey: hutsKeys.memberCode,
    queryFn: () => apiFetch<MemberCode>('/api/me/huts/member-code'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useReport(hut: string, kind: ReportKind) {
  return useQuery({
    queryKey: hutsKeys.report(hut, kind),
    queryFn: () => apiFetch<UtilisationReport>(`/api/huts/${enc(hut)}/reports?kind=${kind}&limit=50`),
  });
}

export function useOverdue(hut: string) {
  return useQuery({
    queryKey: hutsKeys.overdue(hut),
    queryFn: () => apiFetch<OverdueReport>(`/api/huts/${enc(hut)}/overdue`),
  });
}
