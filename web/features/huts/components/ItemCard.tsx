import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ItemSummary } from '../../../../common/schemas/huts';
import { useItem } from '../api/queries';
import { Availability, ItemFlags, Thumb, useCategoryName } from './Bits';

/**
 * One catalogue card: photo, name, category, condition, availability (free copies or the queue),
 * deposit and handling flags. The search summary has no condition, queue or flags, so the card
 * reads the item itself (cached, and the item page then opens at once).
 */
export function ItemCard({ item }: { item: ItemSummary }) {
  const { t } = useTranslation('huts');
  const category = useCategoryName();
  const detail = useItem(item.id).data;
  return (
    <Link className="hut-card" to={`/huts/items/${encodeURIComponent(item.id)}`}>
      <Thumb url={item.thumbUrl} title={item.title} />
      <span className="hut-card-main">
        <span className="hut-card-title">{item.title}</span>
        <span className="hut-card-sub">
          {category(item.category)}
          {detail && ` · ${t('condition_is', { condition: t(`condition.${detail.condition}`) })}`}
          {item.ownerKind === 'resident' && ` · ${t('neighbour_item')}`}
        </span>
        <Availability
          item={{
            available: item.available,
            total: item.total,
            waiting: detail?.waiting ?? 0,
            consumable: detail?.consumable ?? false,
          }}
        />
        {detail && (
          <span className="hut-flags">
            <ItemFlags item={detail} />
          </span>
        )}
      </span>
      <span aria-hidden="true" className="row-chevron">
        ›
      </span>
    </Link>
  );
}
