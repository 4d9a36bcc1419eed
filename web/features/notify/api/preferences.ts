import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotifyPreferences } from '../../../../common/schemas/notify';
import { apiFetch } from '../../../lib/api';

// GET/PUT /api/me/notify-preferences (issue #6): whether notifications also come by SMS.

const key = ['notify', 'preferences'] as const;

export function useNotifyPreferences() {
  return useQuery({
    queryKey: key,
    queryFn: () => apiFetch<NotifyPreferences>('/api/me/notify-preferences'),
  });
}

export function useSaveNotifyPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (prefs: NotifyPreferences) =>
      apiFetch<NotifyPreferences>('/api/me/notify-preferences', { method: 'PUT', json: prefs }),
    onSuccess: (saved, sent) => client.setQueryData(key, saved ?? sent),
  });
}
