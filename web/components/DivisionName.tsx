import { useQuery } from '@tanstack/react-query';
import type { DivisionDetail } from '../../common/schemas/divisions';
import { apiFetch } from '../lib/api';

/**
 * A division's short name (塔坡社区) where a page holds only its code, e.g. in a staff member's
 * list of communities; the code until the name arrives, and the street in front when asked, so
 * two villages of one name in different streets can be told apart.
 */
export function DivisionName({ code, withParent = false }: { code: string; withParent?: boolean }) {
  const detail = useQuery({
    queryKey: ['divisions', 'detail', code],
    queryFn: () => apiFetch<DivisionDetail>(`/api/divisions/${encodeURIComponent(code)}`),
    staleTime: 3_600_000,
  });
  if (!detail.data) return code;
  const parent = detail.data.ancestors.at(-1);
  return withParent && parent
    ? `${parent.shortName} · ${detail.data.division.shortName}`
    : detail.data.division.shortName;
}
