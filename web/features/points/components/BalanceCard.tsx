import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Balance } from '../../../../common/schemas/points';
import { formatPoints } from '../lib/format';

/**
 * The balance, big, with what I have given and received beside it, so helping reads as giving
 * (给出) and not as debt.
 */
export function BalanceCard({ balance }: { balance: Balance }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const n = (v: number) => formatPoints(v, i18n.language);
  return (
    <section className="card points-balance" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('balance_title')}</h2>
      <div className="points-figures">
        <p className="points-main">
          <span className="points-figure-label">{t('balance_label')}</span>
          <span className="points-big">
            {n(balance.balance)}
            <span className="points-unit"> {t('balance_unit')}</span>
          </span>
        </p>
        <dl className="points-side">
          <div>
            <dt>{t('given_label')}</dt>
            <dd className="points-mid">{n(balance.given)}</dd>
            <dd className="points-hint">{t('given_hint')}</dd>
          </div>
          <div>
            <dt>{t('received_label')}</dt>
            <dd className="points-mid">{n(balance.received)}</dd>
            <dd className="points-hint">{t('received_hint')}</dd>
          </div>
        </dl>
      </div>
      <p className="points-available">{t('available', { available: n(balance.available) })}</p>
      <p className="small muted">
        {balance.creditLimit > 0 ? t('credit_limit', { limit: n(balance.creditLimit) }) : t('credit_none')}
      </p>
      {balance.flagged && (
        <p className="notice warn" role="note">
          {t('flagged')}
        </p>
      )}
    </section>
  );
}
