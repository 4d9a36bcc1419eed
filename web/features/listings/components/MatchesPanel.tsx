import { useTranslation } from 'react-i18next';
import type { Listing } from '../../../../common/schemas/listings';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useMatches } from '../api/get-listing';
import { ListingCard } from './ListingCard';
import { ReasonChips } from './ReasonChips';
import { RespondPanel } from './RespondPanel';

/** For my listing: the ranked matches, each with the reasons it was chosen and a way to ask. */
export function MatchesPanel({
  listing,
  categoryName,
}: {
  listing: Listing;
  categoryName: (key: string) => string;
}) {
  const { t } = useTranslation('listings');
  const matches = useMatches(listing.id, listing.status === 'open');
  const heading = t(`matches_title_${listing.direction}`);
  return (
    <section className="lx-matches" aria-labelledby="matches-h">
      <h2 id="matches-h">{heading}</h2>
      <p className="small muted">{t(`matches_intro_${listing.direction}`)}</p>
      {listing.status !== 'open' && <p className="muted">{t('matches_closed')}</p>}
      {matches.isPending && listing.status === 'open' && <Loading />}
      {matches.isError && <ErrorMessage error={matches.error} onRetry={() => void matches.refetch()} />}
      {matches.data?.items.length === 0 && <p className="lx-empty">{t('matches_empty')}</p>}
      {matches.data && matches.data.items.length > 0 && (
        <ol className="lx-cards lx-match-list" aria-label={heading}>
          {matches.data.items.map((m, i) => (
            <li key={m.listing.id}>
              <span className="lx-rank">
                <span aria-hidden="true">{i + 1}</span>
                <span className="sr-only">{t('match_rank', { n: i + 1 })}</span>
              </span>
              <ListingCard listing={m.listing} categoryName={categoryName}>
                {m.listing.abilities.respond && (
                  <RespondPanel
                    compact
                    listingId={m.listing.id}
                    direction={m.listing.direction}
                    counterListingId={listing.id}
                    name={m.listing.poster.nickname}
                  />
                )}
              </ListingCard>
              <ReasonChips reasons={m.reasons} categoryName={categoryName} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
