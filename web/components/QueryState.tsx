import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/** Loading and error states shared by every page: big, plain, with a retry button. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('loading')}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : 'internal_error';
  // Asking again helps after a network or server failure, not after a 4xx answer.
  const retryable = !(error instanceof ApiError) || error.code === 'network' || error.status >= 500;
  const message =
    code === 'network'
      ? t('network_error')
      : t(
          `errors:${code}`,
          error instanceof ApiError ? (error.problem?.details as Record<string, string>) : undefined,
        );
  return (
    <div className="alert" role="alert">
      <p>{message}</p>
      {onRetry && retryable && (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
