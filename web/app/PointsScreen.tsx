import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../components/QueryState';
import { useSession } from '../features/identity/api/session';

const PointsPage = lazy(() =>
  import('../features/points/routes/PointsPage').then((m) => ({ default: m.PointsPage })),
);

/**
 * 爱心积分 behind the session: the session also carries the CSRF token that gifts and donations
 * need, so the page only renders once it is known.
 */
export function PointsScreen() {
  const { t } = useTranslation('points');
  const session = useSession();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data.signedIn)
    return (
      <>
        <h1>{t('title')}</h1>
        <p className="lead">{t('intro')}</p>
        <section className="card">
          <p>{t('signed_out')}</p>
          <Link className="button block-button" to="/sign-in">
            {t('sign_in')}
          </Link>
        </section>
      </>
    );
  return (
    <Suspense fallback={<Loading />}>
      <PointsPage />
    </Suspense>
  );
}
