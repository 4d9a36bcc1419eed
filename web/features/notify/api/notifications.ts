import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationList } from '../../../../common/schemas/notify';
import { apiFetch } from '../../../lib/api';

const key = ['notify', 'list'] as const;

export function useNotifications() {
  return useQuery({
    queryKey: key,
    queryFn: () => apiFetch<NotificationList>('/api/me/notifications'),
    refetchInterval: 30_000,
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ marked: number }>('/api/me/notifications/read', { method: 'POST' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}
