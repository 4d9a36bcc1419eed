import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Compound } from '../../../../common/schemas/divisions';
import { apiFetch } from '../../../lib/api';

const key = (community: string | null) => ['identity', 'compounds', community] as const;

/** The compounds (小区) and buildings of a community. */
export function useCompounds(community: string | null) {
  return useQuery({
    queryKey: key(community),
    queryFn: () =>
      apiFetch<{ items: Compound[] }>(`/api/divisions/${community}/compounds`).then((r) => r.items),
    enabled: community !== null,
  });
}

export function useCreateCompound(community: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<{ id: string }>(`/api/staff/divisions/${community}/compounds`, {
        method: 'POST',
        json: { name },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key(community) }),
  });
}

export function useCreateBuilding(community: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { compoundId: string; name: string }) =>
      apiFetch<{ id: string }>(`/api/staff/compounds/${encodeURIComponent(input.compoundId)}/buildings`, {
        method: 'POST',
        json: { name: input.name },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key(community) }),
  });
}
