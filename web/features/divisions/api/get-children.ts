import { useQuery } from '@tanstack/react-query';
import type { DivisionChildren } from '../../../../common/schemas/divisions';
import { apiFetch } from '../../../lib/api';
import { divisionKeys } from './keys';

export const divisionChildrenQuery = (code: string) => ({
  queryKey: divisionKeys.children(code),
  queryFn: () => apiFetch<DivisionChildren>(`/api/divisions/${encodeURIComponent(code)}/children`),
});

export function useDivisionChildren(code: string) {
  return useQuery(divisionChildrenQuery(code));
}
