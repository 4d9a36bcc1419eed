import '../lib/setup';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useHuts } from '../api/queries';
import { keeperDivisions } from '../lib/wording';

/** Console card for keepers and workers: my huts, each with the desk, reports, labels and "add an item". */
export function HutsConsole({ roles }: { roles: readonly { role: string; divisionCode: string }[] }) {
  const { t } = useTranslation('huts');
  const divisions = keeperDivisions(roles);
  if (divisions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="huts-console-h">
      <h2 id="huts-console-h">{t('console_title')}</h2>
      {divisions.map((d) => (
        <DivisionHuts key={d} division={d} />
      ))}
    </section>
  );
}

function DivisionHuts({ division }: { division: string }) {
  const { t } = useTranslation('huts');
  const huts = useHuts(division);
  const enc = encodeURIComponent;
  if (huts.isPending) return <Loading />;
  if (huts.isError) return <ErrorMessage error={huts.error} onRetry={() => void huts.refetch()} />;
  const mine = huts.data.items.filter((h) => h.abilities.keep);
  if (mine.length === 0) return <p className="muted">{t('console_none')}</p>;
  return (
    <ul className="list" aria-label={t('console_title')}>
      {mine.slice(0, 20).map((h) => (
        <li key={h.id} className="row queue-row">
          <span className="row-main">
            <Link className="row-title" to={`/huts/${enc(h.id)}`}>
              {h.name}
            </Link>
            <span className="row-sub">
              {h.communityName} · {t('items_n', { count: h.itemCount })}
            </span>
          </span>
          <span className="button-row">
            <Link className="button small-button" to={`/huts/${enc(h.id)}/desk`}>
              {t('desk_open')}
            </Link>
            <Link className="button secondary small-button" to={`/huts/${enc(h.id)}/reports`}>
              {t('reports_title')}
            </Link>
            <Link className="button secondary small-button" to={`/huts/${enc(h.id)}/items/new`}>
              {t('add_item')}
            </Link>
          </span>
        </li>
      ))}
    </ul>
  );
}
