import { useTranslation } from 'react-i18next';
import type { ExchangeDetail } from '../../../../common/schemas/exchanges';
import { HAPPY_PATH, progressIndex, statusTone } from '../lib/steps';

/** What this exchange is, where it stands, and what happens next (in words, not just colour). */
export function StatusHeader({ exchange }: { exchange: ExchangeDetail }) {
  const { t } = useTranslation('exchanges');
  const at = progressIndex(exchange.status);
  const a = exchange.abilities;
  const turn = a.accept
    ? 'accept'
    : a.confirm
      ? 'confirm'
      : a.markDone
        ? 'done'
        : a.schedule && exchange.status === 'accepted'
          ? 'schedule'
          : a.resolve
            ? 'resolve'
            : null;
  return (
    <header className={`ex-header ex-tone-${statusTone(exchange.status)}`}>
      <p className="ex-header-kicker">{t(`direction_${exchange.listingDirection}`)}</p>
      <h1 className="ex-header-title">{exchange.listingTitle}</h1>
      <p className="ex-status" role="status">
        <span className="ex-status-label">{t('status_label')}</span>
        <span className="ex-status-value">{t(`status.${exchange.status}`)}</span>
      </p>
      <p className="ex-next">
        {turn ? <strong>{t(`turn.${turn}`)}</strong> : t(`waiting.${exchange.status}`, { defaultValue: '' })}
      </p>
      {at >= 0 && (
        <ol className="ex-progress" aria-label={t('progress_label')}>
          {HAPPY_PATH.map((step, i) => (
            <li
              key={step}
              className={i < at ? 'done' : i === at ? 'current' : ''}
              aria-current={i === at ? 'step' : undefined}
            >
              <span className="ex-progress-dot" aria-hidden="true">
                {i < at || (i === at && step === 'paid' && exchange.status === 'paid') ? '✓' : i + 1}
              </span>
              <span className="ex-progress-name">{t(`progress.${step}`)}</span>
            </li>
          ))}
        </ol>
      )}
    </header>
  );
}
