import '../lib/setup';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ListingQuery } from '../../../../common/schemas/listings';
import { useCategories } from '../api/categories';
import { CategoryChips } from './CategoryChips';
import { ListingResults } from './ListingResults';
import { Segmented } from './Segmented';

type Near = NonNullable<ListingQuery['near']>;
const NEAR: readonly Near[] = ['compound', 'community', 'street', 'district'];
const KEY = 'linli.feed';

function loadFeed(): { direction: 'need' | 'offer'; near: Near } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
    return {
      direction: saved.direction === 'offer' ? 'offer' : 'need',
      near: NEAR.includes(saved.near) ? saved.near : 'community',
    };
  } catch {
    return { direction: 'need', near: 'community' };
  }
}

/** 首页: needs and offers near me, with a clear "post" button, tabs, distance and category chips. */
export function HomeFeed() {
  const { t } = useTranslation('listings');
  const [state, setState] = useState(loadFeed);
  const [category, setCategory] = useState('');
  const categories = useCategories();
  const update = (change: Partial<typeof state>) =>
    setState((s) => {
      const next = { ...s, ...change };
      sessionStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  const query: ListingQuery = {
    direction: state.direction,
    near: state.near,
    status: 'open',
    ...(category ? { category } : {}),
  };
  return (
    <section className="lx-feed" aria-labelledby="feed-h">
      <div className="lx-feed-head">
        <h2 id="feed-h">{t('feed_title')}</h2>
        <span className="button-row lx-feed-links">
          <Link className="button secondary small-button" to="/exchanges">
            {t('my_exchanges')}
          </Link>
          <Link className="button secondary small-button" to="/search">
            {t('search_title')}
          </Link>
        </span>
      </div>
      <div className="lx-post-row">
        <Link className="button lx-post" to="/listings/new?direction=need">
          <span aria-hidden="true" className="lx-post-plus">
            ＋
          </span>
          {t('post_need')}
        </Link>
        <Link className="button lx-post lx-post-offer" to="/listings/new?direction=offer">
          <span aria-hidden="true" className="lx-post-plus">
            ＋
          </span>
          {t('post_offer')}
        </Link>
      </div>
      <Segmented
        label={t('tabs_label')}
        options={[
          { value: 'need', label: t('tabs.need') },
          { value: 'offer', label: t('tabs.offer') },
        ]}
        value={state.direction}
        onChange={(direction) => update({ direction })}
      />
      <label className="lx-near">
        <span className="field-label">{t('near.label')}</span>
        <select
          className="input"
          value={state.near}
          onChange={(e) => update({ near: e.target.value as Near })}
        >
          {NEAR.map((n) => (
            <option key={n} value={n}>
              {t(`near.${n}`)}
            </option>
          ))}
        </select>
      </label>
      {categories.data && (
        <CategoryChips categories={categories.data} value={category} onChange={setCategory} />
      )}
      <ListingResults
        query={query}
        label={t(`tabs.${state.direction}`)}
        empty={
          <>
            <p>{t(`feed_empty_${state.direction}`)}</p>
            {state.near !== 'district' && (
              <button type="button" className="button secondary" onClick={() => update({ near: 'district' })}>
                {t('feed_widen')}
              </button>
            )}
          </>
        }
      />
    </section>
  );
}
