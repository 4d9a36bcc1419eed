import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/QueryState';
import { useNotifyPreferences, useSaveNotifyPreferences } from '../api/preferences';

/** SMS opt-in: matching needs, accepted requests and reminders also come as a text message. */
export function SmsPreferenceCard() {
  const { t } = useTranslation('notify');
  const prefs = useNotifyPreferences();
  const save = useSaveNotifyPreferences();
  const checked = save.isPending ? (save.variables?.sms ?? false) : (prefs.data?.sms ?? false);
  return (
    <section className="card" aria-labelledby="notify-prefs-h">
      <h2 id="notify-prefs-h">{t('prefs_title')}</h2>
      <label className="switch-row">
        <span>
          <span className="row-title">{t('sms_label')}</span>
          <span className="row-sub">{t('sms_hint')}</span>
        </span>
        <input
          type="checkbox"
          className="switch"
          checked={checked}
          disabled={!prefs.data || save.isPending}
          onChange={(e) => save.mutate({ sms: e.target.checked })}
        />
      </label>
      {prefs.isError && <ErrorMessage error={prefs.error} onRetry={() => void prefs.refetch()} />}
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && (
        <p className="notice ok" role="status">
          {(save.data?.sms ?? save.variables.sms) ? t('sms_on') : t('sms_off')}
        </p>
      )}
    </section>
  );
}
