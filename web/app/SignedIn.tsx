import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../components/QueryState';
import { useSession } from '../features/identity/api/session';

/**
 * A page behind the session: it also carries the CSRF token that writes need, so the (lazily
 * loaded) page renders only once the session is known; signed out, a way to sign in instead.
 */
export function SignedIn({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data.signedIn)
    return (
      <section className="card">
        <p>{t('sign_in_needed')}</p>
        <Link className="button block-button" to="/sign-in">
          {t('sign_in')}
        </Link>
      </section>
    );
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
