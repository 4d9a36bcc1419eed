import { useTranslation } from 'react-i18next';
import type { ListingQuery } from '../../../../common/schemas/listings';
import { Loading } from '../../../components/QueryState';
import { useCategoryName } from '../api/categories';
import { useListings } from '../api/get-listings';
import { ListingCard } from './ListingCard';
import { ListingsError } from './ListingsError';

/** A list of listing cards for a query, with loading, error, empty state and "more". */
export function ListingResults({
  query,
  empty,
  label,
}: {
  query: ListingQuery;
  empty: React.ReactNode;
  label: string;
}) {
  const { t, i18n } = useTranslation('listings');
  const list = useListings(query);
  const categoryName = useCategoryName(i18n.language);
  if (list.isPending) return <Loading />;
  if (list.isError) return <ListingsError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <div className="lx-empty">{empty}</div>;
  const total = list.data.pages[0]?.total;
  return (
    <>
      {total !== undefined && (
        <p className="small muted" role="status">
          {t('results_count', { count: total })}
        </p>
      )}
      <ul className="lx-cards" aria-label={label}>
        {items.map((l) => (
          <li key={l.id}>
            <ListingCard listing={l} categoryName={categoryName} />
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <button
          type="button"
          className="button secondary block-button"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? t('common:loading') : t('load_more')}
        </button>
      )}
    </>
  );
}
