import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/identity';
import { ErrorMessage } from '../../../components/QueryState';
import { useCompounds } from '../api/compounds';
import { useUpdateProfile } from '../api/privacy';

/** Compound, building and unit within my home community (the compounds its workers created). */
export function HomePlaceFields({ me }: { me: Me }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const compounds = useCompounds(me.homeDivision);
  const update = useUpdateProfile();
  const [compoundId, setCompoundId] = useState(me.compoundId ?? '');
  const [buildingId, setBuildingId] = useState(me.buildingId ?? '');
  const [unit, setUnit] = useState(me.unit ?? '');
  if (!me.homeDivision) return null;
  if (compounds.data?.length === 0) return <p className="muted small">{t('no_compounds')}</p>;
  const buildings = compounds.data?.find((c) => c.id === compoundId)?.buildings ?? [];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ ...(compoundId ? { compoundId, ...(buildingId ? { buildingId } : {}) } : {}), unit });
      }}
    >
      <label className="field-label" htmlFor={`${id}-c`}>
        {t('compound')}
      </label>
      <select
        id={`${id}-c`}
        className="input"
        value={compoundId}
        onChange={(e) => {
          setCompoundId(e.target.value);
          setBuildingId('');
        }}
      >
        <option value="">{t('choose_compound')}</option>
        {compounds.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {buildings.length > 0 && (
        <>
          <label className="field-label" htmlFor={`${id}-b`}>
            {t('building')}
          </label>
          <select
            id={`${id}-b`}
            className="input"
            value={buildingId}
            onChange={(e) => setBuildingId(e.target.value)}
          >
            <option value="">—</option>
            {buildings.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </>
      )}
      <label className="field-label" htmlFor={`${id}-u`}>
        {t('unit')}
      </label>
      <input
        id={`${id}-u`}
        className="input"
        maxLength={20}
        placeholder="2-301"
        value={unit}
        onChange={(e) => setUnit(e.target.value)}
      />
      {update.isError && <ErrorMessage error={update.error} />}
      {update.isSuccess && <p className="notice ok">{t('saved')}</p>}
      <button
        type="submit"
        className="button secondary block-button"
        disabled={!compoundId || update.isPending}
      >
        {t('save_place')}
      </button>
    </form>
  );
}
