import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../components/QueryState';
import { useSession } from '../features/identity/api/session';
import { AccountCard } from '../features/identity/components/AccountCard';
import { DeviceKeyCard } from '../features/identity/components/DeviceKeyCard';
import { FamilyCard } from '../features/identity/components/FamilyCard';
import { PhoneChangeCard } from '../features/identity/components/PhoneChangeCard';
import { PrivacyCard } from '../features/identity/components/PrivacyCard';
import { ProfileCard } from '../features/identity/components/ProfileCard';
import { VerificationCard } from '../features/identity/components/VerificationCard';
import { NotificationsCard } from '../features/notify/components/NotificationsCard';
import { SmsPreferenceCard } from '../features/notify/components/SmsPreferenceCard';
import { PendingReviewsCard } from '../features/reviews/components/PendingReviewsCard';
import { DisplaySettings } from '../features/settings/components/DisplaySettings';

/** 我的: my account when signed in (else a way to sign in), and this device's display settings. */
export function MePage() {
  const { t } = useTranslation('identity');
  const session = useSession();
  return (
    <>
      <h1>{t('me_title')}</h1>
      {session.isPending && <Loading />}
      {session.isError && <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />}
      {session.data?.signedIn === false && (
        <section className="card">
          <p>{t('signed_out_intro')}</p>
          <Link className="button block-button" to="/sign-in">
            {t('sign_in_title')}
          </Link>
        </section>
      )}
      {session.data?.signedIn && (
        <>
          <AccountCard me={session.data.account} />
          <Link className="points-link" to="/points">
            <span aria-hidden="true" className="points-link-icon">
              ♥
            </span>
            <span>{t('points:me_link')}</span>
          </Link>
          <Link className="points-link" to="/exchanges">
            <span aria-hidden="true" className="points-link-icon">
              ⇄
            </span>
            <span>{t('common:my_exchanges')}</span>
          </Link>
          <Link className="points-link" to="/listings/mine">
            <span aria-hidden="true" className="points-link-icon">
              ☰
            </span>
            <span>{t('common:my_listings')}</span>
          </Link>
          <Link className="points-link" to="/huts/mine">
            <span aria-hidden="true" className="points-link-icon">
              ⇆
            </span>
            <span>{t('common:my_hut_loans')}</span>
          </Link>
          <Link className="points-link" to={`/people/${session.data.account.id}`}>
            <span aria-hidden="true" className="points-link-icon">
              ★
            </span>
            <span>{t('reviews:me_link')}</span>
          </Link>
          {session.data.account.roles.some((r) =>
            ['worker', 'street_admin', 'district_admin', 'hut_keeper'].includes(r.role),
          ) && (
            <Link className="button block-button" to="/console">
              {t('open_console')}
            </Link>
          )}
          <PendingReviewsCard />
          <NotificationsCard />
          <SmsPreferenceCard />
          <ProfileCard me={session.data.account} />
          <VerificationCard me={session.data.account} />
          <FamilyCard />
          <DeviceKeyCard accountId={session.data.account.id} />
          <PhoneChangeCard />
          <PrivacyCard />
        </>
      )}
      <DisplaySettings />
    </>
  );
}
