import '../lib/setup';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { type ReportKind, useHut, useReport } from '../api/queries';
import { useCategoryName, useDay } from '../components/Bits';
import { chinaToday } from '../lib/wording';

const KINDS: ReportKind[] = ['utilisation', 'most_borrowed', 'never_borrowed'];

/** Keeper reports: utilisation, most borrowed, never borrowed (sleeping resources), with CSV. */
export function HutReportsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('huts');
  const category = useCategoryName();
  const day = useDay();
  const hut = useHut(id);
  const [kind, setKind] = useState<ReportKind>('utilisation');
  const report = useReport(id, kind);
  const enc = encodeURIComponent;
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to={`/huts/${enc(id)}/desk`}>
          ‹ {t('desk_title')}
        </Link>
      </nav>
      <h1>{t('reports_title')}</h1>
      {hut.data && <p className="lead">{hut.data.name}</p>}
      <fieldset className="hut-seg" aria-label={t('report_kind')}>
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            className="hut-seg-item"
            aria-pressed={kind === k}
            onClick={() => setKind(k)}
          >
            {t(`report.${k}`)}
          </button>
        ))}
      </fieldset>
      <p className="small">{t(`report_intro.${kind}`)}</p>
      <div className="button-row">
        <a
          className="button secondary small-button"
          href={`/api/huts/${enc(id)}/reports.csv?kind=${kind}`}
          download
        >
          {t('csv_download', { what: t(`report.${kind}`) })}
        </a>
        <a className="button secondary small-button" href={`/api/huts/${enc(id)}/overdue.csv`} download>
          {t('csv_download', { what: t('overdue_title') })}
        </a>
        <a
          className="button secondary small-button"
          href={`/api/huts/${enc(id)}/labels`}
          target="_blank"
          rel="noreferrer"
        >
          {t('labels_sheet')}
        </a>
      </div>
      {report.isPending && <Loading />}
      {report.isError && <ErrorMessage error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && (
        <>
          <p className="small muted">{t('report_period', { from: report.data.from, to: report.data.to })}</p>
          {report.data.items.length === 0 ? (
            <p className="notice">{t('report_empty')}</p>
          ) : (
            <div className="hut-table-wrap">
              <table className="hut-table">
                <caption className="sr-only">{t(`report.${kind}`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('col.item')}</th>
                    <th scope="col">{t('col.loans')}</th>
                    <th scope="col">{t('col.utilisation')}</th>
                    <th scope="col">{t('col.last')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.items.map((r) => (
                    <tr key={r.itemId}>
                      <th scope="row">
                        <Link to={`/huts/items/${enc(r.itemId)}`}>{r.title}</Link>
                        <span className="hut-table-sub">
                          {category(r.category)} · {t('copies_n', { count: r.copies })}
                        </span>
                      </th>
                      <td>{r.loans}</td>
                      <td>{Math.round(r.utilisation * 100)}%</td>
                      <td>{r.lastLoanAt === null ? t('never') : day(chinaToday(r.lastLoanAt))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
