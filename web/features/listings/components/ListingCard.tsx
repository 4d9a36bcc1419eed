import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Listing } from '../../../../common/schemas/listings';
import { dateFromEpoch } from '../lib/form';
import { PosterBadge } from './PosterBadge';

/** A big, tappable card: what, where, how many points, who. Text is shown as text, never as HTML. */
export function ListingCard({
  listing,
  categoryName,
  children,
}: {
  listing: Listing;
  categoryName: (key: string) => string;
  children?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation('listings');
  const n = (v: number) => new Intl.NumberFormat(i18n.language).format(v);
  const place = listing.compoundName ? `${listing.compoundName} · ${listing.place}` : listing.place;
  return (
    <article className={`lx-card lx-${listing.direction}`}>
      <Link className="lx-card-link" to={`/listings/${encodeURIComponent(listing.id)}`}>
        <span className="lx-card-top">
          <span className={`lx-dir lx-dir-${listing.direction}`}>{t(`direction.${listing.direction}`)}</span>
          <span className="lx-cat">{categoryName(listing.category)}</span>
          {listing.status !== 'open' && <span className="lx-status">{t(`status.${listing.status}`)}</span>}
        </span>
        <span className="lx-card-title">{listing.title}</span>
        <span className="lx-card-place">{place}</span>
        <span className="lx-card-facts">
          <span className="lx-points">
            {listing.pointsEstimate !== null
              ? t('points_estimate', { points: n(listing.pointsEstimate) })
              : t('points_by_rules')}
          </span>
          {listing.minutes !== null && <span>{t('minutes_about', { count: listing.minutes })}</span>}
          {listing.direction === 'need' && listing.deadline !== null && (
            <span>{t('deadline_by', { date: dateFromEpoch(listing.deadline) })}</span>
          )}
          {listing.direction === 'offer' && listing.capacity > 1 && (
            <span>{t('open_slots', { count: listing.openSlots })}</span>
          )}
        </span>
      </Link>
      <span className="lx-card-foot">
        <PosterBadge poster={listing.poster} compact />
        {children}
      </span>
    </article>
  );
}
