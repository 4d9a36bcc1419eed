import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DivisionName } from '../../../components/DivisionName';
import { ErrorMessage } from '../../../components/QueryState';
import { useCompounds, useCreateBuilding, useCreateCompound } from '../api/compounds';

/** For workers: the compounds and buildings of one of my communities; add new ones. */
export function CompoundsCard({ communities }: { communities: string[] }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const [community, setCommunity] = useState(communities[0] ?? '');
  const [name, setName] = useState('');
  const [building, setBuilding] = useState<Record<string, string>>({});
  const compounds = useCompounds(community || null);
  const create = useCreateCompound(community);
  const addBuilding = useCreateBuilding(community);
  if (communities.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('compounds_title')}</h2>
      <label className="field-label" htmlFor={`${id}-c`}>
        {t('community_code')}
      </label>
      <select
        id={`${id}-c`}
        className="input"
        value={community}
        onChange={(e) => setCommunity(e.target.value)}
      >
        {communities.map((c) => (
          <option key={c} value={c}>
            <DivisionName code={c} withParent />
          </option>
        ))}
      </select>
      <ul className="list" aria-label={t('compounds_title')}>
        {compounds.data?.map((c) => (
          <li key={c.id} className="row queue-row">
            <span className="row-main">
              <span className="row-title">{c.name}</span>
              <span className="row-sub">
                {c.buildings.map((b) => b.name).join('、') || t('no_buildings')}
              </span>
            </span>
            <span className="inline-form">
              <input
                className="input"
                aria-label={t('new_building', { compound: c.name })}
                value={building[c.id] ?? ''}
                onChange={(e) => setBuilding((m) => ({ ...m, [c.id]: e.target.value }))}
              />
              <button
                type="button"
                className="button secondary small-button"
                disabled={!building[c.id]?.trim()}
                onClick={() =>
                  addBuilding.mutate(
                    { compoundId: c.id, name: building[c.id]! },
                    { onSuccess: () => setBuilding((m) => ({ ...m, [c.id]: '' })) },
                  )
                }
              >
                {t('add')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <input
          className="input"
          aria-label={t('new_compound')}
          placeholder={t('new_compound')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          className="button small-button"
          disabled={!name.trim()}
          onClick={() => create.mutate(name, { onSuccess: () => setName('') })}
        >
          {t('add')}
        </button>
      </div>
      {(create.isError || addBuilding.isError) && <ErrorMessage error={create.error ?? addBuilding.error} />}
    </section>
  );
}
