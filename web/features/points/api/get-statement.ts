import { useInfiniteQuery } from '@tanstack/react-query';
import type { StatementLine } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';
import { filterParams, type StatementFilter } from '../lib/filter';
import { pointsKeys } from './keys';

export const STATEMENT_PAGE = 20;

/** My statement, newest first, a page at a time (the cursor is the last line's sequence). */
export function useStatement(filter: StatementFilter) {
  return useInfiniteQuery({
    queryKey: pointsKeys.statement(filter),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const params = filterParams(filter);
      params.set('limit', String(STATEMENT_PAGE));
      if (pageParam !== null) params.set('cursor', String(pageParam));
      return apiFetch<{ items: StatementLine[]; nextCursor: number | null }>(
        `/api/me/points/statement?${params}`,
      );
    },
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 5_000,
  });
}
