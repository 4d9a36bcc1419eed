import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TRANSFER_TYPES, type TransferType } from '../../../../common/schemas/points';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { downloadStatementCsv } from '../api/download-csv';
import { useStatement } from '../api/get-statement';
import type { StatementFilter } from '../lib/filter';
import { currentChinaMonth } from '../lib/filter';
import { formatMonth } from '../lib/format';
import { StatementLines } from './StatementLines';

/** This month and the 23 before it (China time), newest first. */
function recentMonths(): string[] {
  const [y, m] = currentChinaMonth().split('-').map(Number);
  return Array.from({ length: 24 }, (_, i) =>
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 - i, 1)).toISOString().slice(0, 7),
  );
}

/** My statement: filters, lines a page at a time, CSV download and the printable month. */
export function StatementCard() {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const [filter, setFilter] = useState<StatementFilter>({});
  const statement = useStatement(filter);
  const [csvError, setCsvError] = useState<unknown>(null);
  const lines = statement.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(filter.type || filter.direction || filter.month);
  const month = filter.month ?? currentChinaMonth();
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('statement_title')}</h2>
      <div className="points-filters">
        <div>
          <label className="field-label" htmlFor={`${id}-type`}>
            {t('filter_type')}
          </label>
          <select
            id={`${id}-type`}
            className="input"
            value={filter.type ?? ''}
            onChange={(e) => setFilter({ ...filter, type: (e.target.value || undefined) as TransferType })}
          >
            <option value="">{t('filter_all')}</option>
            {TRANSFER_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`points_types:${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="field-label" htmlFor={`${id}-dir`}>
            {t('filter_direction')}
          </label>
          <select
            id={`${id}-dir`}
            className="input"
            value={filter.direction ?? ''}
            onChange={(e) =>
              setFilter({ ...filter, direction: (e.target.value || undefined) as 'in' | 'out' | undefined })
            }
          >
            <option value="">{t('filter_all')}</option>
            <option value="in">{t('direction_in')}</option>
            <option value="out">{t('direction_out')}</option>
          </select>
        </div>
        <div>
          <label className="field-label" htmlFor={`${id}-month`}>
            {t('filter_month')}
          </label>
          <select
            id={`${id}-month`}
            className="input"
            value={filter.month ?? ''}
            onChange={(e) => setFilter({ ...filter, month: e.target.value || undefined })}
          >
            <option value="">{t('filter_all')}</option>
            {recentMonths().map((m) => (
              <option key={m} value={m}>
                {formatMonth(m, i18n.language)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {filtered && (
        <button type="button" className="button secondary small-button" onClick={() => setFilter({})}>
          {t('filter_clear')}
        </button>
      )}
      {statement.isPending && <Loading />}
      {statement.isError && <ErrorMessage error={statement.error} onRetry={() => void statement.refetch()} />}
      {statement.isSuccess && lines.length === 0 && (
        <p className="muted">{filtered ? t('statement_empty_filtered') : t('statement_empty')}</p>
      )}
      {lines.length > 0 && <StatementLines lines={lines} label={t('statement_title')} />}
      {statement.hasNextPage && (
        <button
          type="button"
          className="button secondary block-button"
          disabled={statement.isFetchingNextPage}
          onClick={() => void statement.fetchNextPage()}
        >
          {t('load_more')}
        </button>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setCsvError(null);
            downloadStatementCsv(filter).catch(setCsvError);
          }}
        >
          {t('download_csv')}
        </button>
        <Link className="button secondary" to={`/points/statement/${month}`}>
          {t('monthly_statement')}
        </Link>
      </div>
      {csvError !== null && <ErrorMessage error={csvError} />}
    </section>
  );
}
