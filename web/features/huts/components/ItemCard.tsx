import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ItemSummary } from '../../../../common/schemas/huts';
import { Availability, ItemFlags, Thumb, useCategoryName } from './Bits';

/**
 * One catalogue card: photo, name, category, condition, availability (free copies or the queue),
 * deposit and handling flags — all from the search summary, so a page of cards is one request.
 */
export function ItemCard({ item }: { item: ItemSummary }) {
  const { t } = useTranslation('huts');
  const category = useCategoryName();
  return (
    <Link className="hut-card" to={`/huts/items/${encodeURIComponent(item.id)}`}>
      <Thumb url={item.thumbUrl} title={item.title} />
      <span className="hut-card-main">
        <span className="hut-card-title">{item.title}</span>
        <span className="hut-card-sub">
          {category(item.category)}
          {` · ${t('condition_is', { condition: t(`condition.${item.condition}`) })}`}
          {item.ownerKind === 'resident' && ` · ${t('neighbour_item')}`}
        </span>
        <Availability
          item={{
            available: item.available,
            total: item.total,
            waiting: item.waiting,
            consumable: item.consumable,
          }}
        />
        <span className="hut-flags">
          <ItemFlags item={item} />
        </span>
      </span>
      <span aria-hidden="true" className="row-chevron">
        ›
      </span>
    </Link>
  );
}
