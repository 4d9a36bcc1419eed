import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ManagedResident } from '../../../../common/schemas/proxy';
import { apiFetch } from '../../../lib/api';
import type { ProfilePatch } from './privacy';

const key = ['staff', 'managed'] as const;

/** 代办: residents without a phone managed by my communities. */
export function useManagedResidents() {
  return useQuery({
    queryKey: key,
    queryFn: () => apiFetch<{ items: ManagedResident[] }>('/api/staff/managed').then((r) => r.items),
  });
}

export function useRegisterManaged() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { nickname: string; homeDivision: string }) =>
      apiFetch<{ id: string }>('/api/staff/managed', { method: 'POST', json: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useActForProfile(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: ProfilePatch) =>
      apiFetch<void>(`/api/staff/managed/${encodeURIComponent(residentId)}/profile`, {
        method: 'PATCH',
        json: patch,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useActForRealName(residentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { realName: string; residentId: string }) =>
      apiFetch<void>(`/api/staff/managed/${encodeURIComponent(residentId)}/verification/real-name`, {
        method: 'POST',
        json: { ...input, consentSensitive: true },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: key });
      void client.invalidateQueries({ queryKey: ['staff', 'queue'] });
    },
  });
}
