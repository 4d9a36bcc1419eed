import { useQuery } from '@tanstack/react-query';
import type { DivisionRoots } from '../../../../common/schemas/divisions';
import { apiFetch } from '../../../lib/api';
import { divisionKeys } from './keys';

export const divisionRootsQuery = () => ({
  queryKey: divisionKeys.roots(),
  queryFn: () => apiFetch<DivisionRoots>('/api/divisions'),
});

export function useDivisionRoots() {
  return useQuery(divisionRootsQuery());
}
