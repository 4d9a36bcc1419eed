import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useBudgets, useSetBudget } from '../api/budgets';
import { formatPoints } from '../lib/format';
import { canEditBudget, type RoleGrant, staffDivisions } from '../lib/roles';
import { DivisionPicker } from './DivisionPicker';

/** Budgets of the communities in my division; a district admin changes them. */
export function BudgetsCard({ roles }: { roles: RoleGrant[] }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const divisions = staffDivisions(roles);
  const [division, setDivision] = useState(divisions[0] ?? '');
  const budgets = useBudgets(division || undefined);
  const save = useSetBudget();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const n = (v: number) => formatPoints(v, i18n.language);
  if (divisions.length === 0) return null;
  const items = (budgets.data ?? []).filter((b) => !filter || b.communityName.includes(filter.trim()));
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('console.budgets_title')}</h2>
      <p className="small muted">{t('console.budgets_intro')}</p>
      <DivisionPicker
        divisions={divisions.map((code) => ({ code, name: code }))}
        value={division}
        onChange={setDivision}
      />
      {budgets.isPending && <Loading />}
      {budgets.isError && <ErrorMessage error={budgets.error} onRetry={() => void budgets.refetch()} />}
      {budgets.data && budgets.data.length > 5 && (
        <>
          <label className="field-label" htmlFor={`${id}-f`}>
            {t('console.budget_filter')}
          </label>
          <input
            id={`${id}-f`}
            className="input"
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </>
      )}
      {budgets.data?.length === 0 && <p className="muted">{t('console.budgets_empty')}</p>}
      {saved && (
        <p className="notice ok" role="status">
          {t('console.budget_saved')}
        </p>
      )}
      {save.isError && <ErrorMessage error={save.error} />}
      {items.length > 0 && (
        <ul className="list" aria-label={t('console.budgets_title')}>
          {(showAll ? items : items.slice(0, 10)).map((b) => (
            <li key={b.communityCode} className="row queue-row">
              <span className="row-main">
                <span className="row-title">{b.communityName}</span>
                <span className="row-sub">
                  {[
                    t('console.budget', { budget: n(b.budget) }),
                    t('console.issued', { issued: n(b.issued) }),
                    t('console.remaining', { remaining: n(b.remaining) }),
                    t('console.pool', { pool: n(b.pool) }),
                  ].join(' · ')}
                </span>
              </span>
              {canEditBudget(roles, b.communityCode) && editing !== b.communityCode && (
                <button
                  type="button"
                  className="button secondary small-button"
                  aria-label={`${t('console.budget_edit')} ${b.communityName}`}
                  onClick={() => {
                    setEditing(b.communityCode);
                    setValue(String(b.budget));
                    setSaved(false);
                    save.reset();
                  }}
                >
                  {t('console.budget_edit')}
                </button>
              )}
              {editing === b.communityCode && (
                <form
                  className="inline-form act-for-panel"
                  onSubmit={(e) => {
                    e.preventDefault();
                    save.mutate(
                      { community: b.communityCode, budget: Number(value) },
                      {
                        onSuccess: () => {
                          setEditing(null);
                          setSaved(true);
                        },
                      },
                    );
                  }}
                >
                  <label className="sr-only" htmlFor={`${id}-b`}>
                    {t('console.budget_new', { name: b.communityName })}
                  </label>
                  <input
                    id={`${id}-b`}
                    className="input"
                    inputMode="numeric"
                    value={value}
                    onChange={(e) => setValue(e.target.value.replace(/[^\d-]/g, ''))}
                  />
                  <button type="submit" className="button" disabled={!value || save.isPending}>
                    {t('console.budget_save')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {!showAll && items.length > 10 && (
        <button type="button" className="button secondary block-button" onClick={() => setShowAll(true)}>
          {t('console.budgets_all', { count: items.length })}
        </button>
      )}
    </section>
  );
}
