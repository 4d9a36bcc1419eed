import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { takeExpectedState, useSubmitNetIdResult } from '../api/netid';
import { useSession } from '../api/session';

type Outcome = 'submitting' | 'cancelled' | 'not_ours' | 'missing' | 'signed_out';

/**
 * Where the network-ID provider (网号/网证) sends the browser back. The signed result comes in
 * the address fragment (never sent to any server by the browser on its own); it is submitted only
 * if this tab started the hand-off, and "verified" is shown only once Linli accepted the signature.
 */
export function NetIdReturnPage() {
  const { t } = useTranslation('identity');
  const submit = useSubmitNetIdResult();
  // The session (and with it the CSRF token) must be known before the result is submitted.
  const session = useSession();
  const [outcome, setOutcome] = useState<Outcome>('submitting');
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !session.data) return;
    started.current = true;
    const params = new URLSearchParams(window.location.hash.slice(1));
    // Drop the result from the address bar and history.
    window.history.replaceState(null, '', window.location.pathname);
    const expected = takeExpectedState();
    if (!session.data.signedIn) return setOutcome('signed_out');
    if (!expected || params.get('state') !== expected) return setOutcome('not_ours');
    if (params.get('error')) return setOutcome('cancelled');
    const result = params.get('result');
    if (!result) return setOutcome('missing');
    submit.mutate(result);
  }, [submit, session.data]);
  return (
    <>
      <h1>{t('netid_title')}</h1>
      <section className="card" aria-live="polite">
        {outcome === 'submitting' && (submit.isPending || session.isPending) && <Loading />}
        {outcome === 'submitting' && submit.isSuccess && <p className="notice ok">{t('netid_done')}</p>}
        {outcome === 'submitting' && submit.isError && <ErrorMessage error={submit.error} />}
        {outcome === 'cancelled' && <p className="notice">{t('netid_cancelled')}</p>}
        {(outcome === 'not_ours' || outcome === 'missing' || outcome === 'signed_out') && (
          <div className="alert" role="alert">
            <p>{t(`netid_${outcome}`)}</p>
          </div>
        )}
        <Link className="button block-button" to="/me">
          {t('netid_back')}
        </Link>
      </section>
    </>
  );
}
