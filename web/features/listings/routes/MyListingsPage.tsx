import '../lib/setup';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ListingQuery } from '../../../../common/schemas/listings';
import { ListingResults } from '../components/ListingResults';
import { Segmented } from '../components/Segmented';

/** 我发布的: my offers and needs, open ones first by default. */
export function MyListingsPage() {
  const { t } = useTranslation('listings');
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const query: ListingQuery = { mine: true, ...(status === 'open' ? { status: 'open' } : {}) };
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/me">
          ‹ {t('back_me')}
        </Link>
      </nav>
      <h1>{t('mine_title')}</h1>
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
        label={t('mine_filter')}
        options={[
          { value: 'open', label: t('mine_open') },
          { value: 'all', label: t('mine_all') },
        ]}
        value={status}
        onChange={setStatus}
      />
      <ListingResults query={query} label={t('mine_title')} empty={<p>{t('mine_empty')}</p>} />
    </>
  );
}
