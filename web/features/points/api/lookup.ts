import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api';

export interface ResidentView {
  accountId: string;
  nickname: string;
  balance: number;
  priority: string | null;
  /** The account's own credit limit; null: the district default. */
  creditLimit: number | null;
}

/** Finds a resident of my communities by phone number (staff forms). */
export function useLookup() {
  return useMutation({
    mutationFn: (phone: string) =>
      apiFetch<ResidentView>(`/api/points/lookup?phone=${encodeURIComponent(phone.replace(/\s/g, ''))}`),
  });
}
