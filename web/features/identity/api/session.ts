import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '../../../../common/schemas/identity';
import { apiFetch, setCsrfToken } from '../../../lib/api';

export const sessionKey = ['identity', 'session'] as const;

async function fetchSession(): Promise<SessionView> {
  const session = await apiFetch<SessionView>('/api/auth/session');
  setCsrfToken(session.signedIn ? session.csrfToken : undefined);
  return session;
}

/** Who is signed in on this browser (also keeps the CSRF token for later requests). */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

export function useRequestCode() {
  return useMutation({
    mutationFn: (phone: string) =>
      apiFetch<{ expiresInS: number; resendAfterS: number }>('/api/auth/sms-code', {
        method: 'POST',
        json: { phone },
      }),
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { phone: string; code: string }) =>
      apiFetch<SessionView>('/api/auth/sign-in', { method: 'POST', json: input }),
    onSuccess: (session) => {
      setCsrfToken(session.signedIn ? session.csrfToken : undefined);
      client.setQueryData(sessionKey, session);
      void client.invalidateQueries();
    },
  });
}

export function useSignOut(everywhere = false) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<unknown>(everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out', {
        method: 'POST',
      }),
    onSuccess: () => {
      setCsrfToken(undefined);
      client.setQueryData(sessionKey, { signedIn: false });
      void client.invalidateQueries();
    },
  });
}
