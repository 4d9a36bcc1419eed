import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useMonthlyStatement } from '../api/get-monthly-statement';
import { formatDateTime, formatMonth, formatPoints, formatSigned } from '../lib/format';

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** A printable monthly statement (China time): opening, received, given, closing, every line. */
export function MonthlyStatementPage() {
  const { t, i18n } = useTranslation('points');
  const month = useParams().month ?? '';
  const statement = useMonthlyStatement(month);
  const lang = i18n.language;
  const n = (v: number) => formatPoints(v, lang);
  const valid = /^\d{4}-\d{2}$/.test(month);
  return (
    <article className="points-print">
      <nav className="button-row no-print" aria-label={t('monthly_pick')}>
        <Link className="button secondary small-button" to="/points">
          ‹ {t('monthly_back')}
        </Link>
      </nav>
      <h1>{t('monthly_title', { month: valid ? formatMonth(month, lang) : month })}</h1>
      {statement.isPending && <Loading />}
      {statement.isError && <ErrorMessage error={statement.error} onRetry={() => void statement.refetch()} />}
      {statement.data && (
        <>
          <dl className="facts points-totals">
            <div>
              <dt>{t('monthly_opening')}</dt>
              <dd>{n(statement.data.opening)}</dd>
            </div>
            <div>
              <dt>{t('monthly_received')}</dt>
              <dd>+{n(statement.data.received)}</dd>
            </div>
            <div>
              <dt>{t('monthly_given')}</dt>
              <dd>−{n(statement.data.given)}</dd>
            </div>
            <div className="points-closing">
              <dt>{t('monthly_closing')}</dt>
              <dd>{n(statement.data.closing)}</dd>
            </div>
          </dl>
          <h2>{t('monthly_lines')}</h2>
          {statement.data.lines.length === 0 ? (
            <p className="muted">{t('monthly_none')}</p>
          ) : (
            <div className="points-table-wrap">
              <table className="points-table">
                <thead>
                  <tr>
                    <th scope="col">{t('col_date')}</th>
                    <th scope="col">{t('col_type')}</th>
                    <th scope="col">{t('col_counterparty')}</th>
                    <th scope="col" className="num">
                      {t('col_amount')}
                    </th>
                    <th scope="col" className="num">
                      {t('col_balance')}
                    </th>
                    <th scope="col" className="num">
                      {t('col_log')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {statement.data.lines.map((line) => (
                    <tr key={line.transferId}>
                      <td>{formatDateTime(line.createdAt, lang)}</td>
                      <td>
                        {t(`points_types:${line.type}`, { defaultValue: line.type })}
                        {line.reversed && <span className="tag">{t('reversed')}</span>}
                      </td>
                      <td>{line.counterparty}</td>
                      <td className="num">{formatSigned(line.amount, lang)}</td>
                      <td className="num">{n(line.balanceAfter)}</td>
                      <td className="num">{line.logIndex}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="small muted">{t('monthly_footer', { at: formatDateTime(Date.now(), lang) })}</p>
          <div className="button-row no-print">
            <button type="button" className="button" onClick={() => window.print()}>
              {t('monthly_print')}
            </button>
            {valid && (
              <>
                <Link className="button secondary" to={`/points/statement/${shiftMonth(month, -1)}`}>
                  {t('monthly_prev')}
                </Link>
                <Link className="button secondary" to={`/points/statement/${shiftMonth(month, 1)}`}>
                  {t('monthly_next')}
                </Link>
              </>
            )}
          </div>
        </>
      )}
    </article>
  );
}
