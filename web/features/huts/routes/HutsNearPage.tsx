import '../lib/setup';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Hut } from '../../../../common/schemas/huts';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useSession } from '../../identity/api/session';
import { useHuts } from '../api/queries';
import { streetOf } from '../lib/wording';

/** 共享小屋: the huts of my community first, then the others of my street. */
export function HutsNearPage() {
  const { t } = useTranslation('huts');
  const session = useSession();
  const home = session.data?.signedIn ? (session.data.account.homeDivision ?? undefined) : undefined;
  const mine = useHuts(home);
  const street = useHuts(home ? streetOf(home) : undefined);
  const others = (street.data?.items ?? []).filter((h) => h.communityCode !== home);
  return (
    <>
      <h1>{t('near_title')}</h1>
      <p className="lead">{t('near_intro')}</p>
      <Link className="points-link" to="/huts/mine">
        <span aria-hidden="true" className="points-link-icon">
          ⇆
        </span>
        <span>{t('mine_link')}</span>
      </Link>
      {!home && (
        <section className="card">
          <p>{t('no_home')}</p>
          <Link className="button block-button" to="/me">
            {t('set_home')}
          </Link>
        </section>
      )}
      {home && (
        <section aria-labelledby="huts-mine-h">
          <h2 id="huts-mine-h">{t('my_community_huts')}</h2>
          {mine.isPending && <Loading />}
          {mine.isError && <ErrorMessage error={mine.error} onRetry={() => void mine.refetch()} />}
          {mine.data?.items.length === 0 && <p className="notice">{t('no_huts_here')}</p>}
          {mine.data && mine.data.items.length > 0 && (
            <HutList huts={mine.data.items} label={t('my_community_huts')} />
          )}
        </section>
      )}
      {others.length > 0 && (
        <section aria-labelledby="huts-street-h">
          <h2 id="huts-street-h">{t('street_huts')}</h2>
          <HutList huts={others} label={t('street_huts')} />
        </section>
      )}
    </>
  );
}

function HutList({ huts, label }: { huts: Hut[]; label: string }) {
  const { t } = useTranslation('huts');
  return (
    <ul className="list" aria-label={label}>
      {huts.map((h) => (
        <li key={h.id}>
          <Link className="row" to={`/huts/${encodeURIComponent(h.id)}`}>
            <span className="row-main">
              <span className="row-title">{h.name}</span>
              <span className="row-sub">
                {h.address} · {t('items_n', { count: h.itemCount })}
              </span>
              <span className={`row-sub ${h.openToday ? 'hut-open-yes' : 'hut-open-no'}`}>
                {h.openToday ? t('open_today') : t('closed_today')}
              </span>
            </span>
            <span aria-hidden="true" className="row-chevron">
              ›
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
