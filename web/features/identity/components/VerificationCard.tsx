import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/identity';
import { ErrorMessage } from '../../../components/QueryState';
import { handoffUrl, useNetIdStatus } from '../api/netid';
import { useSubmitRealName } from '../api/privacy';

/** Real-name verification (我是我): name + ID number with separate consent; then a worker checks the card. */
export function VerificationCard({ me }: { me: Me }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const [realName, setRealName] = useState('');
  const [residentId, setResidentId] = useState('');
  const [consent, setConsent] = useState(false);
  const submit = useSubmitRealName();
  const netId = useNetIdStatus(me.verification === 'phone');
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('verify_title')}</h2>
      <p>
        {t('verification')}: <strong>{t(`verification_level.${me.verification}`)}</strong>
      </p>
      {me.verification === 'real_name' && <p className="notice">{t('verify_next_in_person')}</p>}
      {me.verification === 'phone' && netId.data?.available && (
        <div className="netid-option">
          <p className="small">{t('netid_intro')}</p>
          <button
            type="button"
            className="button block-button"
            onClick={() => window.location.assign(handoffUrl(netId.data))}
          >
            {t('netid_start')}
          </button>
          <p className="small muted">{t('netid_or')}</p>
        </div>
      )}
      {me.verification === 'phone' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit.mutate({ realName, residentId });
          }}
        >
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('real_name')}
          </label>
          <input
            id={`${id}-name`}
            className="input"
            autoComplete="name"
            value={realName}
            onChange={(e) => setRealName(e.target.value)}
          />
          <label className="field-label" htmlFor={`${id}-rid`}>
            {t('resident_id')}
          </label>
          <input
            id={`${id}-rid`}
            className="input mono"
            maxLength={20}
            value={residentId}
            onChange={(e) => setResidentId(e.target.value)}
          />
          <label className="switch-row">
            <span className="small">{t('sensitive_consent')}</span>
            <input
              type="checkbox"
              className="switch"
              checked={consent}
              onChange={(e) => setConsent(e.target.checked)}
            />
          </label>
          {submit.isError && <ErrorMessage error={submit.error} />}
          <button
            type="submit"
            className="button block-button"
            disabled={
              !consent || realName.trim().length < 2 || residentId.trim().length < 15 || submit.isPending
            }
          >
            {t('verify_submit')}
          </button>
        </form>
      )}
    </section>
  );
}
