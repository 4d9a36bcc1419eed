import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditFigure } from '../../../../common/schemas/reviews';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useCreditRecord } from '../api/get-credit';
import { formatRate, formatRating } from '../lib/format';
import '../reviews.css';
import { LogLinks } from './LogLinks';
import { ReviewShown } from './ReviewShown';

function FigureValue({ figure }: { figure: CreditFigure }) {
  const { t, i18n } = useTranslation('reviews');
  if (figure.value === null) return <>{t('figure_none')}</>;
  if (figure.unit === 'rate') return <>{formatRate(figure.value, i18n.language)}</>;
  if (figure.unit === 'stars') return <>{formatRating(figure.value, i18n.language)} ★</>;
  return <>{new Intl.NumberFormat(i18n.language).format(figure.value)}</>;
}

/**
 * A person's credit card (信用记录) for their profile: verification, party membership, coarse
 * place and the Bayesian rating for everyone; with their consent (or for themself) every figure
 * with links to the trust-log entries behind it, and the latest reviews.
 */
export function CreditCard({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation('reviews');
  const id = useId();
  const credit = useCreditRecord(personId);
  if (credit.isPending) return <Loading />;
  if (credit.isError) return <ErrorMessage error={credit.error} onRetry={() => void credit.refetch()} />;
  const c = credit.data;
  const r = c.reputation;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {c.person.nickname} · {t('credit_title')}
      </h2>
      <div className="credit-badges">
        <span className="badge">{t(`verification.${c.person.verification as string}`)}</span>
        {c.person.partyMember && <span className="badge">{t('credit_party')}</span>}
      </div>
      {c.person.place && (
        <dl className="facts plain">
          <div>
            <dt>{t('credit_place')}</dt>
            <dd>{c.person.place}</dd>
          </div>
        </dl>
      )}
      <p className="field-label">{t('credit_rating')}</p>
      {r.rating !== null ? (
        <div className="credit-rating">
          <span className="credit-rating-value">{formatRating(r.rating, i18n.language)} ★</span>
          <span>{t('credit_reviews_count', { n: r.count })}</span>
        </div>
      ) : (
        <p className="credit-rating">{t('credit_rating_none')}</p>
      )}
      <p className="small muted">
        {r.rating !== null && r.mean !== null
          ? t('credit_rating_hint', {
              prior: formatRating(r.priorMean, i18n.language),
              m: r.priorCount,
              mean: formatRating(r.mean, i18n.language),
            })
          : t('credit_rating_hint_none', { prior: formatRating(r.priorMean, i18n.language) })}
      </p>
      {!c.detailed && <p className="notice">{t('credit_private', { name: c.person.nickname })}</p>}
      {c.detailed && (
        <>
          <p className="small muted">{t('credit_evidence')}</p>
          <ul className="credit-figures">
            {c.figures.map((f) => (
              <li key={f.key} className="credit-figure">
                <div className="credit-figure-head">
                  <span>{t(`figure.${f.key}`, { defaultValue: f.key })}</span>
                  <span className="credit-figure-value">
                    <FigureValue figure={f} />
                  </span>
                </div>
                <LogLinks indexes={f.logIndexes.slice(0, 10)} total={f.entries} />
              </li>
            ))}
          </ul>
          <h3>{t('credit_recent')}</h3>
          {c.reviews.length === 0 && <p className="muted">{t('credit_no_reviews')}</p>}
          {c.reviews.map((review) => (
            <ReviewShown key={review.id} review={review} />
          ))}
        </>
      )}
    </section>
  );
}
