import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage } from '../../../components/QueryState';
import { ApiError } from '../../../lib/api';

/** An error of the listings API; "choose your home community first" (home_required, added with
 * the listings server) comes with the way there. */
export function ListingsError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('listings');
  return (
    <>
      <ErrorMessage error={error} onRetry={onRetry} />
      {error instanceof ApiError && (error.code as string) === 'home_required' && (
        <Link className="button block-button" to="/me">
          {t('go_home_setup')}
        </Link>
      )}
    </>
  );
}
