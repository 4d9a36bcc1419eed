import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PointsRules, RulesVersion } from '../../../../common/schemas/points';
import { apiFetch } from '../../../lib/api';

/** Publishes a new version of a district's rules (district admin). */
export function useSaveRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { district: string; rules: PointsRules }) =>
      apiFetch<RulesVersion>(`/api/points/rules/${input.district}`, { method: 'PUT', json: input.rules }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['points', 'rules'] }),
  });
}
