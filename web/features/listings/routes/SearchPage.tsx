import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { LISTING_KINDS, type ListingQuery } from '../../../../common/schemas/listings';
import { useCategories } from '../api/categories';
import { CategoryChips } from '../components/CategoryChips';
import { ListingResults } from '../components/ListingResults';
import { Segmented } from '../components/Segmented';

type Near = NonNullable<ListingQuery['near']>;
const NEAR: readonly Near[] = ['compound', 'community', 'street', 'district'];

/** 搜索: words (Chinese or pinyin), direction, kind, distance and category; the filters live in the URL. */
export function SearchPage() {
  const { t } = useTranslation('listings');
  const id = useId();
  const [params, setParams] = useSearchParams();
  const categories = useCategories();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const direction = (params.get('direction') ?? '') as '' | 'offer' | 'need';
  const kind = params.get('kind') ?? '';
  const near = (params.get('near') ?? 'district') as Near;
  const category = params.get('category') ?? '';
  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const query: ListingQuery = {
    status: 'open',
    near: NEAR.includes(near) ? near : 'district',
    ...(q ? { q } : {}),
    ...(direction ? { direction } : {}),
    ...(kind ? { kind: kind as ListingQuery['kind'] } : {}),
    ...(category ? { category } : {}),
  };
  const filtered = !!(q || direction || kind || category);
  return (
    <>
      <h1>{t('search_title')}</h1>
      <search>
        <form
          className="lx-search"
          onSubmit={(e) => {
            e.preventDefault();
            setParam('q', text.trim().slice(0, 100));
          }}
        >
          <label className="field-label" htmlFor={`${id}-q`}>
            {t('search_label')}
          </label>
          <div className="inline-form">
            <input
              id={`${id}-q`}
              type="search"
              className="input"
              value={text}
              maxLength={100}
              enterKeyHint="search"
              placeholder={t('search_placeholder')}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="button">
              {t('search_button')}
            </button>
          </div>
        </form>
      </search>
      <details className="lx-filters" open>
        <summary>{t('filters')}</summary>
        <Segmented
          label={t('filter_direction')}
          options={[
            { value: '', label: t('filter_any') },
            { value: 'need', label: t('tabs.need') },
            { value: 'offer', label: t('tabs.offer') },
          ]}
          value={direction}
          onChange={(v) => setParam('direction', v)}
        />
        <div className="lx-filter-row">
          <label>
            <span className="field-label">{t('filter_kind')}</span>
            <select className="input" value={kind} onChange={(e) => setParam('kind', e.target.value)}>
              <option value="">{t('filter_any')}</option>
              {LISTING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">{t('near.label')}</span>
            <select className="input" value={query.near} onChange={(e) => setParam('near', e.target.value)}>
              {NEAR.map((n) => (
                <option key={n} value={n}>
                  {t(`near.${n}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {categories.data && (
          <CategoryChips
            categories={categories.data}
            value={category}
            onChange={(v) => setParam('category', v)}
          />
        )}
      </details>
      {filtered ? (
        <ListingResults
          query={query}
          label={t('search_results')}
          empty={
            <>
              <p>{q ? t('search_empty_q', { q }) : t('search_empty')}</p>
              <p className="small muted">{t('search_empty_hint')}</p>
              <div className="button-row">
                {query.near !== 'district' && (
                  <button
                    type="button"
                    className="button secondary"
                    onClick={() => setParam('near', 'district')}
                  >
                    {t('feed_widen')}
                  </button>
                )}
                <Link className="button secondary" to={`/listings/new?direction=need`}>
                  {t('post_need')}
                </Link>
              </div>
            </>
          }
        />
      ) : (
        <p className="lx-empty muted">{t('search_start')}</p>
      )}
    </>
  );
}
