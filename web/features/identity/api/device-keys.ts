import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeviceKey } from '../../../../common/schemas/identity';
import { apiFetch } from '../../../lib/api';
import { createDeviceKey, loadDeviceKey } from '../lib/device-key-store';

const key = ['identity', 'device-keys'] as const;

/** My registered keys, and whether this browser holds one of them. */
export function useDeviceKeys(accountId: string) {
  return useQuery({
    queryKey: [...key, accountId],
    queryFn: async () => {
      const [{ items }, local] = await Promise.all([
        apiFetch<{ items: DeviceKey[] }>('/api/me/device-keys'),
        loadDeviceKey(accountId),
      ]);
      return {
        items,
        thisDevice: local && items.some((k) => k.publicKey === local.publicKey) ? local.publicKey : null,
      };
    },
  });
}

/** Creates a key in this browser and registers its public half. */
export function useRegisterThisDevice(accountId: string, label: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const local = (await loadDeviceKey(accountId)) ?? (await createDeviceKey(accountId));
      return apiFetch<DeviceKey>('/api/me/device-keys', {
        method: 'POST',
        json: { publicKey: local.publicKey, label },
      });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeDeviceKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<void>(`/api/me/device-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}
