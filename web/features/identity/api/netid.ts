import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api';
import { sessionKey } from './session';

export interface NetIdStatus {
  available: boolean;
  providerUrl: string | null;
  account: string;
}

const STATE_KEY = 'linli.netid.state';
/** Where the provider sends the browser back to (this app's return page). */
export const NETID_RETURN_PATH = '/verify/network-id';

export function useNetIdStatus(enabled: boolean) {
  return useQuery({
    queryKey: ['identity', 'netid'],
    queryFn: () => apiFetch<NetIdStatus>('/api/me/verification/network-id'),
    enabled,
  });
}

/**
 * The provider's hand-off address for this account. A random `state` is kept in this tab, so a
 * result arriving here that this tab did not ask for is not submitted.
 */
export function handoffUrl(status: NetIdStatus): string {
  const state = crypto.randomUUID();
  sessionStorage.setItem(STATE_KEY, state);
  const url = new URL(status.providerUrl!);
  url.searchParams.set('account', status.account);
  url.searchParams.set('return', `${window.location.origin}${NETID_RETURN_PATH}`);
  url.searchParams.set('state', state);
  return url.toString();
}

/** The state this tab handed to the provider (read once). */
export function takeExpectedState(): string | null {
  const state = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  return state;
}

export function useSubmitNetIdResult() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (result: string) =>
      apiFetch<void>('/api/me/verification/network-id', { method: 'POST', json: { result } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: sessionKey }),
  });
}
