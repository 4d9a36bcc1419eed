import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../components/QueryState';
import { HomePage } from '../features/home/routes/HomePage';
import { useSession } from '../features/identity/api/session';

const HomeFeed = lazy(() =>
  import('../features/listings/components/HomeFeed').then((m) => ({ default: m.HomeFeed })),
);

/** 首页: the welcome, then (signed in) needs and offers near me with the post button. */
export function HomeScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const feed = session.data?.signedIn ? (
    <Suspense fallback={<Loading />}>
      <HomeFeed />
    </Suspense>
  ) : session.data ? (
    <section className="card">
      <p>{t('feed_signed_out')}</p>
      <Link className="button block-button" to="/sign-in">
        {t('sign_in')}
      </Link>
    </section>
  ) : null;
  return <HomePage feed={feed} />;
}
