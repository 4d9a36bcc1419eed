import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useConfirmInPerson, useReveal, useVerificationQueue } from '../api/privacy';
import { useSession } from '../api/session';
import { CompoundsCard } from '../components/CompoundsCard';
import { GrantsCard } from '../components/GrantsCard';
import { ManagedResidentsCard } from '../components/ManagedResidentsCard';

/** Worker console: residents of my communities waiting to show their ID card. */
export function ConsolePage() {
  const { t } = useTranslation('identity');
  const queue = useVerificationQueue();
  const session = useSession();
  // Compounds are managed per community: the communities my grants name directly.
  const communities = session.data?.signedIn
    ? session.data.account.roles
        .filter((r) => r.role === 'worker' && !r.divisionCode.endsWith('000'))
        .map((r) => r.divisionCode)
    : [];
  // Only admins grant roles; a worker is not shown (nor asks for) the grants of others.
  const isAdmin =
    session.data?.signedIn === true &&
    session.data.account.roles.some((r) => r.role === 'district_admin' || r.role === 'street_admin');
  const confirm = useConfirmInPerson();
  const reveal = useReveal();
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  return (
    <>
      <h1>{t('console_title')}</h1>
      <p className="lead">{t('console_intro')}</p>
      <label className="field-label" htmlFor="reveal-reason">
        {t('reveal_reason')}
      </label>
      <input
        id="reveal-reason"
        className="input"
        value={reason}
        placeholder={t('reveal_reason_placeholder')}
        onChange={(e) => setReason(e.target.value)}
      />
      <h2>{t('queue_title')}</h2>
      {queue.isPending && <Loading />}
      {queue.isError && <ErrorMessage error={queue.error} onRetry={() => void queue.refetch()} />}
      {queue.data?.items.length === 0 && <p className="muted">{t('queue_empty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <ul className="list" aria-label={t('queue_title')}>
          {queue.data.items.map((p) => (
            <li key={p.id} className="row queue-row">
              <span className="row-main">
                <span className="row-title">
                  {p.nickname} · {p.realNameMasked}
                </span>
                <span className="row-sub mono">
                  {[p.residentIdMasked, revealed[p.id] ?? p.phoneMasked].filter(Boolean).join(' · ')}
                </span>
              </span>
              <span className="button-row">
                {p.phoneMasked && (
                  <button
                    type="button"
                    className="button secondary small-button"
                    disabled={reason.trim().length < 4}
                    onClick={() =>
                      reveal.mutate(
                        { accountId: p.id, field: 'phone', reason },
                        { onSuccess: (r) => setRevealed((m) => ({ ...m, [p.id]: r.value })) },
                      )
                    }
                  >
                    {t('reveal_phone')}
                  </button>
                )}
                <button type="button" className="button small-button" onClick={() => confirm.mutate(p.id)}>
                  {t('confirm_in_person')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {(reveal.isError || confirm.isError) && <ErrorMessage error={reveal.error ?? confirm.error} />}
      <ManagedResidentsCard communities={communities} />
      <CompoundsCard communities={communities} />
      {isAdmin && <GrantsCard />}
    </>
  );
}
