import { useTranslation } from 'react-i18next';
import type { LogCheck } from '../lib/check-log';

/** The current checkpoint and what this browser checked about it. */
export function CheckpointCard({ check }: { check: LogCheck }) {
  const { t, i18n } = useTranslation('trustlog');
  const time = (s: bigint) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(Number(s) * 1000),
    );
  return (
    <section className="card" aria-labelledby="checkpoint-heading">
      <h2 id="checkpoint-heading">{t('checkpoint_title')}</h2>
      <dl className="facts plain">
        <div>
          <dt>{t('origin')}</dt>
          <dd className="mono">{check.checkpoint.origin}</dd>
        </div>
        <div>
          <dt>{t('size')}</dt>
          <dd>{check.checkpoint.size.toString()}</dd>
        </div>
        <div>
          <dt>{t('root')}</dt>
          <dd className="mono big-hash">{check.shortRoot}</dd>
        </div>
      </dl>
      <ul className="checks">
        <li className={check.signatureValid ? 'check ok' : 'check bad'}>
          {check.signatureValid ? t('signature_ok') : t('signature_bad')}
        </li>
        {check.keyChanged && <li className="check bad">{t('key_changed')}</li>}
        {check.witnesses.length === 0 && <li className="check muted">{t('no_witnesses')}</li>}
        {check.witnesses.map((w) => (
          <li key={w.name} className={w.timestamp !== null ? 'check ok' : 'check bad'}>
            {w.timestamp !== null
              ? t('witness_ok', { name: w.name, time: time(w.timestamp) })
              : t('witness_missing', { name: w.name })}
          </li>
        ))}
      </ul>
      <p className="muted small">
        {t('log_key')}: <span className="mono break-all">{check.logKey}</span>
      </p>
    </section>
  );
}
