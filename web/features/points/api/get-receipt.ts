import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api';

/** The trust-log receipt of one entry (C2SP tlog-proof text). */
export function useReceipt(logIndex: string) {
  return useQuery({
    queryKey: ['points', 'receipt', logIndex],
    queryFn: async () => {
      let response: Response;
      try {
        response = await fetch(`/api/log/receipt/${encodeURIComponent(logIndex)}`);
      } catch {
        throw new ApiError('network', 0);
      }
      if (!response.ok) {
        const problem = response.headers.get('content-type')?.includes('json')
          ? await response.json()
          : undefined;
        throw new ApiError(problem?.code ?? 'not_found', response.status, problem);
      }
      return response.text();
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
