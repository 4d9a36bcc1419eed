import { useTranslation } from 'react-i18next';
import type { LogCheck } from '../lib/check-log';

/** Whether the log only grew since this browser last looked; a loud alarm with evidence if not. */
export function ConsistencyNotice({ check }: { check: LogCheck }) {
  const { t } = useTranslation('trustlog');
  const { consistency } = check;
  if (consistency.status === 'first_visit') return <p className="notice">{t('first_visit')}</p>;
  if (consistency.status === 'consistent') return <p className="notice ok">{t('consistent')}</p>;
  return (
    <section className="alarm" role="alert" aria-labelledby="alarm-heading">
      <h2 id="alarm-heading">{t('alarm_title')}</h2>
      <p>{t('alarm_body')}</p>
      <h3>{t('alarm_previous')}</h3>
      <pre className="evidence">{consistency.previous}</pre>
      <h3>{t('alarm_current')}</h3>
      <pre className="evidence">{check.checkpointText}</pre>
      <p className="small">{t('alarm_reason', { reason: consistency.reason })}</p>
    </section>
  );
}
