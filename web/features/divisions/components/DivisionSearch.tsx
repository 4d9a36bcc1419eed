import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/QueryState';
import { useDivisionSearch } from '../api/search-divisions';
import { DivisionRow } from './DivisionRow';

/** Search box with live results; `within` limits it to one area. */
export function DivisionSearch({ within, label }: { within?: string; label?: string }) {
  const { t } = useTranslation('divisions');
  const [q, setQ] = useState('');
  const id = useId();
  const search = useDivisionSearch(q, within);
  const trimmed = q.trim();
  return (
    <section className="search" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id} className="field-label">
        {label ?? t('search_label')}
      </label>
      <input
        id={id}
        type="search"
        className="input"
        value={q}
        maxLength={40}
        placeholder={t('search_placeholder')}
        autoComplete="off"
        enterKeyHint="search"
        onChange={(e) => setQ(e.target.value)}
      />
      {trimmed && search.isError && (
        <ErrorMessage error={search.error} onRetry={() => void search.refetch()} />
      )}
      {trimmed && search.data && (
        <div aria-live="polite">
          {search.data.items.length === 0 ? (
            <p className="muted">{t('search_empty', { q: trimmed })}</p>
          ) : (
            <ul className="list" aria-label={t('search_results')}>
              {search.data.items.map((d) => (
                <DivisionRow key={d.code} division={d} showPath />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
