import { useQuery } from '@tanstack/react-query';
import { checkLog } from '../lib/check-log';

/** The current checkpoint, verified in this browser (see lib/check-log.ts). */
export function useLogCheck() {
  return useQuery({ queryKey: ['trustlog', 'check'], queryFn: checkLog, staleTime: 30_000 });
}
