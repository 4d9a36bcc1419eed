import { useQuery } from '@tanstack/react-query';
import type { FamilyLink } from '../../../../common/schemas/family';
import { apiFetch } from '../../../lib/api';
import { pointsKeys } from './keys';

/** Confirmed family members: the only people I can give points to. */
export function useConfirmedFamily() {
  return useQuery({
    queryKey: pointsKeys.family,
    queryFn: () =>
      apiFetch<{ items: FamilyLink[] }>('/api/me/family').then((r) =>
        r.items.filter((l) => l.status === 'confirmed'),
      ),
  });
}
