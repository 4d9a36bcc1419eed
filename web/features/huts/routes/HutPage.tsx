import '../lib/setup';
import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useCatalogue, useHut } from '../api/queries';
import { HoursText, useCategoryName, useDay } from '../components/Bits';
import { ItemCard } from '../components/ItemCard';
import { HUT_CATEGORIES } from '../lib/categories';

/** A hut's page: where and when it opens, closures, then its catalogue with search and filters. */
export function HutPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('huts');
  const hut = useHut(id);
  const day = useDay();
  if (hut.isPending) return <Loading />;
  if (hut.isError) return <ErrorMessage error={hut.error} onRetry={() => void hut.refetch()} />;
  const h = hut.data;
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/huts">
          ‹ {t('back_huts')}
        </Link>
        <Link className="button secondary small-button" to="/huts/mine">
          {t('mine_title')}
        </Link>
      </nav>
      <h1>{h.name}</h1>
      <p className={`hut-open ${h.openToday ? 'hut-open-yes' : 'hut-open-no'}`}>
        {h.openToday ? t('open_today') : t('closed_today')}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('community')}</dt>
          <dd>{h.communityName}</dd>
        </div>
        <div>
          <dt>{t('address')}</dt>
          <dd>{h.address}</dd>
        </div>
        <div>
          <dt>{t('hours')}</dt>
          <dd>
            <HoursText hours={h.hours} />
          </dd>
        </div>
        <div>
          <dt>{t('keepers')}</dt>
          <dd>{h.abilities.keep ? t('keepers_you') : t('keepers_text')}</dd>
        </div>
        <div>
          <dt>{t('item_count')}</dt>
          <dd>{t('items_n', { count: h.itemCount })}</dd>
        </div>
      </dl>
      {h.closures.length > 0 && (
        <section className="card hut-closures" aria-labelledby="hut-closures-h">
          <h2 id="hut-closures-h">{t('closures')}</h2>
          <ul>
            {h.closures.map((c) => (
              <li key={c.date}>{t('closure_line', { date: day(c.date), reason: c.reason })}</li>
            ))}
          </ul>
          <p className="small muted">{t('closures_note')}</p>
        </section>
      )}
      {h.abilities.keep && (
        <div className="button-row">
          <Link className="button" to={`/huts/${encodeURIComponent(h.id)}/desk`}>
            {t('desk_open')}
          </Link>
          <Link className="button secondary" to={`/huts/${encodeURIComponent(h.id)}/reports`}>
            {t('reports_title')}
          </Link>
          <Link className="button secondary" to={`/huts/${encodeURIComponent(h.id)}/items/new`}>
            {t('add_item')}
          </Link>
        </div>
      )}
      <Link className="points-link" to={`/huts/${encodeURIComponent(h.id)}/my-items/new`}>
        <span aria-hidden="true" className="points-link-icon">
          ＋
        </span>
        <span>{t('offer_item_link')}</span>
      </Link>
      <Catalogue hutId={h.id} />
    </>
  );
}

function Catalogue({ hutId }: { hutId: string }) {
  const { t } = useTranslation('huts');
  const id = useId();
  const category = useCategoryName();
  const [q, setQ] = useState('');
  const [cat, setCat] = useState('');
  const [available, setAvailable] = useState(false);
  const query = useDeferredValue(q);
  const list = useCatalogue({ hut: hutId, q: query, category: cat, available });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('catalogue')}</h2>
      <search className="hut-filters">
        <label className="field-label" htmlFor={`${id}-q`}>
          {t('search_label')}
        </label>
        <input
          id={`${id}-q`}
          className="input"
          type="search"
          maxLength={60}
          placeholder={t('search_placeholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <label className="field-label" htmlFor={`${id}-c`}>
          {t('category_label')}
        </label>
        <select id={`${id}-c`} className="input" value={cat} onChange={(e) => setCat(e.target.value)}>
          <option value="">{t('category_all')}</option>
          {HUT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {category(c)}
            </option>
          ))}
        </select>
        <label className="hut-check">
          <input type="checkbox" checked={available} onChange={(e) => setAvailable(e.target.checked)} />
          <span>{t('available_only')}</span>
        </label>
      </search>
      {list.isPending && <Loading />}
      {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <p className="notice">{t('catalogue_empty')}</p>}
      {items.length > 0 && (
        <ul className="hut-cards" aria-label={t('catalogue')}>
          {items.map((item) => (
            <li key={item.id}>
              <ItemCard item={item} />
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button secondary block-button"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('load_more')}
        </button>
      )}
    </section>
  );
}
