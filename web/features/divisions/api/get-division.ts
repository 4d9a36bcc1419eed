import { useQuery } from '@tanstack/react-query';
import type { DivisionDetail } from '../../../../common/schemas/divisions';
import { apiFetch } from '../../../lib/api';
import { divisionKeys } from './keys';

export const divisionQuery = (code: string) => ({
  queryKey: divisionKeys.detail(code),
  queryFn: () => apiFetch<DivisionDetail>(`/api/divisions/${encodeURIComponent(code)}`),
});

export function useDivision(code: string) {
  return useQuery(divisionQuery(code));
}
