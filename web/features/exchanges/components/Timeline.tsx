import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExchangeDetail, ExchangeEvent } from '../../../../common/schemas/exchanges';
import { formatWhen } from '../lib/china-time';

/** Who did a step, in words: me, the other person by nickname, or a worker (代办). */
function actorName(
  event: ExchangeEvent,
  exchange: ExchangeDetail,
  t: (k: string, o?: Record<string, unknown>) => string,
) {
  if (event.actorId === null) return t('actor_system');
  const mine =
    (exchange.role === 'provider' && event.actorId === exchange.provider.id) ||
    (exchange.role === 'recipient' && event.actorId === exchange.recipient.id);
  if (mine) return t('actor_me');
  if (event.actorId === exchange.provider.id) return exchange.provider.nickname;
  if (event.actorId === exchange.recipient.id) return exchange.recipient.nickname;
  return t('actor_staff');
}

/** A short, safe reading of a step's data (minutes, place, reason): text only, never markup. */
function eventDetail(
  event: ExchangeEvent,
  t: (k: string, o?: Record<string, unknown>) => string,
  locale: string,
) {
  const d = event.data ?? {};
  const parts: string[] = [];
  if (typeof d.scheduledAt === 'number') parts.push(formatWhen(d.scheduledAt, locale));
  if (typeof d.place === 'string') parts.push(d.place);
  const minutes = d.actualMinutes ?? d.plannedMinutes ?? d.minutes;
  if (typeof minutes === 'number') parts.push(t('minutes', { count: minutes }));
  if (typeof d.points === 'number') parts.push(t('points_n', { points: d.points }));
  if (typeof d.reason === 'string') parts.push(d.reason);
  if (typeof d.note === 'string') parts.push(d.note);
  return parts.join(' · ');
}

/** Every step so far, oldest first, with who did it, the 代办 mark and the trust-log receipt. */
export function Timeline({ exchange }: { exchange: ExchangeDetail }) {
  const { t, i18n } = useTranslation('exchanges');
  const tt = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  return (
    <section className="card ex-card" aria-labelledby="ex-timeline-h">
      <h2 id="ex-timeline-h">{t('timeline_title')}</h2>
      <ol className="ex-timeline">
        {exchange.timeline.map((event) => {
          const detail = eventDetail(event, tt, i18n.language);
          return (
            <li key={event.id} className="ex-event">
              <span className="ex-event-dot" aria-hidden="true" />
              <span className="ex-event-main">
                <span className="ex-event-title">
                  {t(`event.${event.kind}`, {
                    defaultValue: t(`status.${event.status}`, { defaultValue: event.kind }),
                  })}
                  {event.actedByWorker && <span className="ex-proxy">{t('proxy_mark')}</span>}
                </span>
                <span className="ex-event-sub">
                  {actorName(event, exchange, tt)} ·{' '}
                  <time dateTime={new Date(event.createdAt).toISOString()}>
                    {formatWhen(event.createdAt, i18n.language)}
                  </time>
                </span>
                {detail && <span className="ex-event-detail">{detail}</span>}
                {event.logIndex !== null && (
                  <Link
                    className="ex-receipt"
                    to={`/points/receipt/${event.logIndex}`}
                    aria-label={t('receipt_label', { index: event.logIndex })}
                  >
                    {t('receipt', { index: event.logIndex })}
                  </Link>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
