import { useQuery } from '@tanstack/react-query';
import type { LogEntries } from '../../../../common/schemas/trustlog';
import { apiFetch } from '../../../lib/api';

export function useRecentEntries(limit = 10) {
  return useQuery({
    queryKey: ['trustlog', 'entries', limit],
    queryFn: () => apiFetch<LogEntries>(`/api/log/entries?limit=${limit}`),
  });
}
