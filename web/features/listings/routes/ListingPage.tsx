import '../lib/setup';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { Listing } from '../../../../common/schemas/listings';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useCategoryName } from '../api/categories';
import { useListing } from '../api/get-listing';
import { useCloseListing } from '../api/save-listing';
import { AvailabilityText } from '../components/AvailabilityGrid';
import { MatchesPanel } from '../components/MatchesPanel';
import { PosterBadge } from '../components/PosterBadge';
import { RespondPanel } from '../components/RespondPanel';
import { dateFromEpoch } from '../lib/form';

/** One offer or need: the text as text, photos, poster, what I may do with it, and its matches. */
export function ListingPage() {
  const { t, i18n } = useTranslation('listings');
  const id = useParams().id ?? '';
  const listing = useListing(id);
  const categoryName = useCategoryName(i18n.language);
  const state = useLocation().state as { saved?: boolean; photosFailed?: number } | null;
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/">
          ‹ {t('back_home')}
        </Link>
        {listing.data?.mine && (
          <Link className="button secondary small-button" to="/listings/mine">
            {t('mine_title')}
          </Link>
        )}
      </nav>
      {listing.isPending && <Loading />}
      {listing.isError && <ErrorMessage error={listing.error} onRetry={() => void listing.refetch()} />}
      {listing.data && (
        <>
          {state?.saved && (
            <p className="notice ok" role="status">
              {t('saved')}
            </p>
          )}
          {!!state?.photosFailed && (
            <p className="notice warn" role="alert">
              {t('photos_failed', { count: state.photosFailed })}
            </p>
          )}
          <ListingBody listing={listing.data} categoryName={categoryName} />
          {listing.data.mine && <MatchesPanel listing={listing.data} categoryName={categoryName} />}
        </>
      )}
    </>
  );
}

function ListingBody({ listing, categoryName }: { listing: Listing; categoryName: (key: string) => string }) {
  const { t, i18n } = useTranslation('listings');
  const close = useCloseListing();
  const [confirmClose, setConfirmClose] = useState(false);
  const n = (v: number) => new Intl.NumberFormat(i18n.language).format(v);
  const blocked = listing.abilities.respondBlockedBy;
  return (
    <article className="lx-detail">
      <p className="lx-card-top">
        <span className={`lx-dir lx-dir-${listing.direction}`}>{t(`direction.${listing.direction}`)}</span>
        <span className="lx-cat">{categoryName(listing.category)}</span>
        <span className="lx-cat">{t(`kinds.${listing.kind}`)}</span>
        {listing.status !== 'open' && <span className="lx-status">{t(`status.${listing.status}`)}</span>}
      </p>
      <h1 className="lx-detail-title">{listing.title}</h1>
      <PosterBadge poster={listing.poster} />
      {listing.photos.length > 0 && (
        <ul className="lx-gallery" aria-label={t('photos')}>
          {listing.photos.map((url, i) => (
            <li key={url}>
              <a href={url} target="_blank" rel="noreferrer">
                <img src={url} alt={t('photo_alt', { n: i + 1, title: listing.title })} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {listing.description && <p className="lx-description">{listing.description}</p>}
      {listing.tags.length > 0 && (
        <ul className="lx-tags" aria-label={t('form.tags')}>
          {listing.tags.map((tag) => (
            <li key={tag}>#{tag}</li>
          ))}
        </ul>
      )}
      <dl className="facts lx-facts">
        <div>
          <dt>{t('fact_place')}</dt>
          <dd>{listing.compoundName ? `${listing.compoundName} · ${listing.place}` : listing.place}</dd>
        </div>
        <div>
          <dt>{t('fact_points')}</dt>
          <dd className="lx-points">
            {listing.pointsEstimate !== null
              ? t('points_estimate', { points: n(listing.pointsEstimate) })
              : t('points_by_rules')}
          </dd>
        </div>
        {listing.minutes !== null && (
          <div>
            <dt>{t('fact_minutes')}</dt>
            <dd>{t('minutes_about', { count: listing.minutes })}</dd>
          </div>
        )}
        <div>
          <dt>{t('fact_when')}</dt>
          <dd>
            <AvailabilityText slots={listing.availability} />
          </dd>
        </div>
        {listing.direction === 'need' && listing.deadline !== null && (
          <div>
            <dt>{t('fact_deadline')}</dt>
            <dd>{dateFromEpoch(listing.deadline)}</dd>
          </div>
        )}
        {listing.direction === 'offer' && (
          <div>
            <dt>{t('fact_slots')}</dt>
            <dd>{t('slots_of', { open: listing.openSlots, capacity: listing.capacity })}</dd>
          </div>
        )}
        {listing.requiredVerification !== 'phone' && (
          <div>
            <dt>{t('fact_verification')}</dt>
            <dd>{t(`verification.${listing.requiredVerification}`)}</dd>
          </div>
        )}
      </dl>

      <div className="lx-actions">
        {listing.abilities.respond && <RespondPanel listingId={listing.id} direction={listing.direction} />}
        {!listing.abilities.respond && blocked && !listing.mine && (
          <div className="notice warn lx-blocked" role="note">
            <p>
              {t(`errors:${blocked}`, {
                level: t(`level_word.${listing.requiredVerification}`),
                status: t(`status.${listing.status}`),
                defaultValue: t('blocked_other'),
              })}
            </p>
            {blocked === 'verification_required' && (
              <Link className="button secondary small-button" to="/me">
                {t('go_verify')}
              </Link>
            )}
            {blocked === 'exchange_already_requested' && (
              <Link className="button secondary small-button" to="/exchanges">
                {t('go_exchanges')}
              </Link>
            )}
          </div>
        )}
        {listing.mine && (
          <p className="notice">
            {t('mine_notice')} <Link to="/exchanges">{t('go_exchanges')}</Link>
          </p>
        )}
        <div className="button-row">
          {listing.abilities.edit && (
            <Link className="button secondary" to={`/listings/${encodeURIComponent(listing.id)}/edit`}>
              {t('edit')}
            </Link>
          )}
          {listing.abilities.close && !confirmClose && (
            <button type="button" className="button secondary danger" onClick={() => setConfirmClose(true)}>
              {t('close')}
            </button>
          )}
        </div>
        {confirmClose && (
          <fieldset className="lx-confirm" aria-label={t('close')}>
            <p className="lx-confirm-text">{t('close_confirm')}</p>
            {close.isError && <ErrorMessage error={close.error} />}
            <div className="button-row">
              <button
                type="button"
                className="button danger-solid"
                disabled={close.isPending}
                onClick={() => close.mutate(listing.id, { onSuccess: () => setConfirmClose(false) })}
              >
                {t('close_yes')}
              </button>
              <button type="button" className="button secondary" onClick={() => setConfirmClose(false)}>
                {t('cancel')}
              </button>
            </div>
          </fieldset>
        )}
      </div>
    </article>
  );
}
