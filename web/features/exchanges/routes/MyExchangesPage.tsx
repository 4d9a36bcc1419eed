import '../lib/setup';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { type ListState, useExchanges } from '../api/get-exchanges';
import { formatWhen } from '../lib/china-time';
import { statusTone } from '../lib/steps';

const STATES: ListState[] = ['active', 'finished', 'all'];

/** 我的互助: exchanges I help in or get help in, with where each stands. */
export function MyExchangesPage() {
  const { t, i18n } = useTranslation('exchanges');
  const [state, setState] = useState<ListState>('active');
  const list = useExchanges(state);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/me">
          ‹ {t('back_me')}
        </Link>
      </nav>
      <h1>{t('mine_title')}</h1>
      <fieldset className="ex-seg" aria-label={t('filter_label')}>
        {STATES.map((s) => (
          <button
            key={s}
            type="button"
            className="ex-seg-item"
            aria-pressed={state === s}
            onClick={() => setState(s)}
          >
            {t(`filter.${s}`)}
          </button>
        ))}
      </fieldset>
      {list.isPending && <Loading />}
      {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && (
        <div className="ex-empty">
          <p>{t(`empty.${state}`)}</p>
          <Link className="button secondary" to="/">
            {t('browse')}
          </Link>
        </div>
      )}
      {items.length > 0 && (
        <ul className="list ex-list" aria-label={t('mine_title')}>
          {items.map((x) => {
            const other = x.role === 'provider' ? x.recipient : x.provider;
            return (
              <li key={x.id}>
                <Link className="row ex-row" to={`/exchanges/${encodeURIComponent(x.id)}`}>
                  <span className="row-main">
                    <span className="row-title">{x.listingTitle}</span>
                    <span className="row-sub">
                      {t(`my_role.${x.role}`, { name: other.nickname })}
                      {x.scheduledAt !== null && ` · ${formatWhen(x.scheduledAt, i18n.language)}`}
                    </span>
                  </span>
                  <span className={`ex-chip ex-tone-${statusTone(x.status)}`}>{t(`status.${x.status}`)}</span>
                  <span aria-hidden="true" className="row-chevron">
                    ›
                  </span>
                </Link>
              </li>
            );
          })}
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
    </>
  );
}
