import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DivisionDetail, DivisionSearchResult } from '../../../../common/schemas/divisions';
import type { AccessLog, QueueItem } from '../../../../common/schemas/privacy';
import { apiFetch } from '../../../lib/api';

export interface ProfilePatch {
  nickname?: string;
  homeDivision?: string;
  compoundId?: string;
  buildingId?: string;
  unit?: string;
  skills?: string[];
  availability?: { day: number; part: string }[];
}

import { sessionKey } from './session';

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: ProfilePatch) => apiFetch<void>('/api/me/profile', { method: 'PATCH', json: patch }),
    onSuccess: () => void client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useSubmitRealName() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { realName: string; residentId: string }) =>
      apiFetch<void>('/api/me/verification/real-name', {
        method: 'POST',
        json: { ...input, consentSensitive: true },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useAccessLog() {
  return useQuery({
    queryKey: ['identity', 'access-log'],
    queryFn: () => apiFetch<AccessLog>('/api/me/access-log'),
  });
}

export function useDeleteAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/api/me', { method: 'DELETE' }),
    onSuccess: () => {
      client.setQueryData(sessionKey, { signedIn: false });
      void client.invalidateQueries();
    },
  });
}

/** The home community's names, for display. */
export function useHomeDivision(code: string | null) {
  return useQuery({
    queryKey: ['identity', 'home-division', code],
    queryFn: () => apiFetch<DivisionDetail>(`/api/divisions/${code}`),
    enabled: code !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Communities matching what the person typed, for choosing a home community. */
export function useCommunitySearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['identity', 'community-search', text],
    queryFn: () =>
      apiFetch<DivisionSearchResult>(`/api/divisions/search?${new URLSearchParams({ q: text })}`),
    enabled: text.length > 0,
    select: (r) => r.items.filter((d) => d.level === 'community'),
  });
}

export function useVerificationQueue() {
  return useQuery({
    queryKey: ['staff', 'queue'],
    queryFn: () => apiFetch<{ items: QueueItem[] }>('/api/staff/verification-queue'),
  });
}

export function useConfirmInPerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (accountId: string) =>
      apiFetch<void>(`/api/staff/accounts/${encodeURIComponent(accountId)}/in-person`, { method: 'POST' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['staff', 'queue'] }),
  });
}

export function useReveal() {
  return useMutation({
    mutationFn: (input: {
      accountId: string;
      field: 'phone' | 'resident_id' | 'real_name';
      reason: string;
    }) =>
      apiFetch<{ value: string }>(`/api/staff/accounts/${encodeURIComponent(input.accountId)}/reveal`, {
        method: 'POST',
        json: { field: input.field, reason: input.reason },
      }),
  });
}
