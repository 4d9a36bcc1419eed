import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/QueryState';
import { useAccessLog, useDeleteAccount } from '../api/privacy';

/** My data: who looked at it and why, a full export, and deleting my account. */
export function PrivacyCard() {
  const { t, i18n } = useTranslation('identity');
  const access = useAccessLog();
  const del = useDeleteAccount();
  const [confirming, setConfirming] = useState(false);
  const time = (ms: number) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  return (
    <section className="card" aria-labelledby="privacy-h">
      <h2 id="privacy-h">{t('privacy_title')}</h2>
      <h3>{t('access_log')}</h3>
      {access.data?.items.length === 0 && <p className="muted">{t('access_log_empty')}</p>}
      {access.data && access.data.items.length > 0 && (
        <ul className="list" aria-label={t('access_log')}>
          {access.data.items.map((a) => (
            <li key={`${a.at}-${a.field}`} className="row">
              <span className="row-main">
                <span className="row-title">
                  {t('access_entry', { viewer: a.viewer, field: t(`fields.${a.field}`) })}
                </span>
                <span className="row-sub">
                  {time(a.at)} · {t('reason')}: {a.reason}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <a className="button secondary block-button" href="/api/me/export" download>
        {t('export')}
      </a>
      {!confirming ? (
        <button
          type="button"
          className="button secondary block-button danger"
          onClick={() => setConfirming(true)}
        >
          {t('delete_account')}
        </button>
      ) : (
        <div className="alert" role="alert">
          <p>{t('delete_confirm')}</p>
          <div className="button-row">
            <button type="button" className="button danger-solid" onClick={() => del.mutate()}>
              {t('delete_yes')}
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </div>
          {del.isError && <ErrorMessage error={del.error} />}
        </div>
      )}
    </section>
  );
}
