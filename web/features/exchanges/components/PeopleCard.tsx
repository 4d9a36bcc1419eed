import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExchangeDetail } from '../../../../common/schemas/exchanges';
import { formatWhen } from '../lib/china-time';
import { isRevealed, paymentRefusal, telHref } from '../lib/steps';

type Person = ExchangeDetail['provider'];

function PersonRow({ person, part, me }: { person: Person; part: 'provider' | 'recipient'; me: boolean }) {
  const { t } = useTranslation('exchanges');
  return (
    <div className="ex-person">
      <dt>{t(`role.${part}`)}</dt>
      <dd>
        <span className="ex-person-name">{person.nickname}</span>
        {me && <span className="tag">{t('me')}</span>}
        <span className={`ex-badge ex-badge-${person.verification}`}>
          {t(`badge.${person.verification}`)}
        </span>
      </dd>
    </div>
  );
}

/** Who helps whom, the other side's phone (masked until acceptance), when, where and the points. */
export function PeopleCard({ exchange }: { exchange: ExchangeDetail }) {
  const { t, i18n } = useTranslation('exchanges');
  const n = (v: number) => new Intl.NumberFormat(i18n.language).format(v);
  const phone = exchange.counterpartPhone;
  const revealed = isRevealed(phone);
  const refusal = paymentRefusal(exchange.disputeReason, exchange.timeline);
  const paid = exchange.status === 'paid' || (exchange.status === 'resolved' && exchange.transferId !== null);
  return (
    <section className="card ex-card" aria-labelledby="ex-people-h">
      <h2 id="ex-people-h">{t('details_title')}</h2>
      <dl className="ex-facts">
        <PersonRow person={exchange.provider} part="provider" me={exchange.role === 'provider'} />
        <PersonRow person={exchange.recipient} part="recipient" me={exchange.role === 'recipient'} />
        {exchange.role !== 'staff' && (
          <div className="ex-phone">
            <dt>{t('phone_label')}</dt>
            <dd>
              {revealed ? (
                <a className="button ex-call" href={telHref(phone)}>
                  {t('call', { phone })}
                </a>
              ) : (
                <>
                  <span className="mono">{phone ?? '—'}</span>
                  <span className="small muted ex-phone-note">{t('phone_masked')}</span>
                </>
              )}
            </dd>
          </div>
        )}
        {exchange.scheduledAt !== null && (
          <div>
            <dt>{t('when')}</dt>
            <dd>{formatWhen(exchange.scheduledAt, i18n.language)}</dd>
          </div>
        )}
        {exchange.place && (
          <div>
            <dt>{t('place')}</dt>
            <dd className="ex-text">{exchange.place}</dd>
          </div>
        )}
        {exchange.plannedMinutes !== null && (
          <div>
            <dt>{t('planned_minutes')}</dt>
            <dd>{t('minutes', { count: exchange.plannedMinutes })}</dd>
          </div>
        )}
        {exchange.actualMinutes !== null && (
          <div>
            <dt>{t('actual_minutes')}</dt>
            <dd>{t('minutes', { count: exchange.actualMinutes })}</dd>
          </div>
        )}
        <div className={paid ? 'ex-paid' : ''}>
          <dt>{paid ? t('points_paid_label') : t('points_estimate_label')}</dt>
          <dd>
            {paid && exchange.points !== null
              ? t('points_paid', { points: n(exchange.points) })
              : exchange.pointsEstimate !== null
                ? t('points_about', { points: n(exchange.pointsEstimate) })
                : t('points_rules')}
          </dd>
        </div>
        {exchange.disputeReason && (
          <div>
            <dt>{t('dispute_reason')}</dt>
            <dd className="ex-text">
              {refusal
                ? t('payment_refused', { message: t(`errors:${refusal.code}`, refusal.params) })
                : exchange.disputeReason}
            </dd>
          </div>
        )}
        {exchange.resolution && (
          <div>
            <dt>{t('resolution')}</dt>
            <dd className="ex-text">{exchange.resolution}</dd>
          </div>
        )}
      </dl>
      <div className="button-row">
        <Link
          className="button secondary small-button"
          to={`/listings/${encodeURIComponent(exchange.listingId)}`}
        >
          {t('open_listing')}
        </Link>
        {paid && exchange.role !== 'staff' && (
          <Link className="button secondary small-button" to="/points">
            {t('open_points')}
          </Link>
        )}
      </div>
    </section>
  );
}
