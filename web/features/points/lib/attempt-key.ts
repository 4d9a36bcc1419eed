import { useCallback, useRef } from 'react';
import { newIdempotencyKey } from './idempotency';

/**
 * One idempotency key per attempt: made on the first submit, kept if that attempt is sent again
 * (a retry after a lost answer), dropped once it succeeds or the form is changed.
 */
export function useAttemptKey() {
  const key = useRef<string | null>(null);
  const current = useCallback(() => {
    key.current ??= newIdempotencyKey();
    return key.current;
  }, []);
  const reset = useCallback(() => {
    key.current = null;
  }, []);
  return { current, reset };
}
