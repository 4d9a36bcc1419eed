import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../components/QueryState';
import { useSession } from '../features/identity/api/session';

// Reviews and credit records load on first visit.
const PersonPage = lazy(() =>
  import('../features/reviews/routes/PersonPage').then((m) => ({ default: m.PersonPage })),
);
const ReviewPage = lazy(() =>
  import('../features/reviews/routes/ReviewPage').then((m) => ({ default: m.ReviewPage })),
);

/**
 * Reviews behind the session: it carries the CSRF token that giving a review needs, so the page
 * renders once it is known; signed out, a way to sign in.
 */
function BehindSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation('identity');
  const session = useSession();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data.signedIn)
    return (
      <section className="card">
        <p>{t('signed_out_intro')}</p>
        <Link className="button block-button" to="/sign-in">
          {t('sign_in_title')}
        </Link>
      </section>
    );
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** /people/:id — a neighbour's credit record. */
export function PersonScreen() {
  return (
    <BehindSession>
      <PersonPage />
    </BehindSession>
  );
}

/** /reviews/:kind/:id — the review of one subject (from 待评价). */
export function ReviewScreen() {
  return (
    <BehindSession>
      <ReviewPage />
    </BehindSession>
  );
}
