import { useTranslation } from 'react-i18next';
import type { Listing } from '../../../../common/schemas/listings';

/** Who posted: nickname, verification badge, party member, helps done, rating. */
export function PosterBadge({ poster, compact = false }: { poster: Listing['poster']; compact?: boolean }) {
  const { t, i18n } = useTranslation('listings');
  return (
    <span className="lx-poster">
      {!compact &&
        (poster.avatarUrl ? (
          <img className="lx-avatar" src={poster.avatarUrl} alt="" />
        ) : (
          <span className="lx-avatar lx-avatar-empty" aria-hidden="true">
            {poster.nickname.slice(0, 1)}
          </span>
        ))}
      <span className="lx-poster-name">{poster.nickname}</span>
      <span className={`lx-badge lx-badge-${poster.verification}`}>
        <span aria-hidden="true">✓ </span>
        {t(`badge.${poster.verification}`)}
      </span>
      {poster.partyMember && <span className="lx-badge lx-badge-party">{t('badge.party')}</span>}
      {!compact && poster.completed > 0 && (
        <span className="lx-poster-meta">{t('poster_completed', { count: poster.completed })}</span>
      )}
      {!compact && poster.rating !== null && (
        <span className="lx-poster-meta">
          {t('poster_rating', {
            rating: new Intl.NumberFormat(i18n.language, {
              minimumFractionDigits: 1,
              maximumFractionDigits: 1,
            }).format(poster.rating),
          })}
        </span>
      )}
    </span>
  );
}
