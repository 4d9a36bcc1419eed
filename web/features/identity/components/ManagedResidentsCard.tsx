import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagedResident } from '../../../../common/schemas/proxy';
import { DivisionName } from '../../../components/DivisionName';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useActForProfile, useActForRealName, useManagedResidents, useRegisterManaged } from '../api/proxy';

/**
 * 代办 (worker console): register a resident who has no phone of their own, and act for them.
 * Every act is recorded in the trust log as done by me on their behalf.
 */
export function ManagedResidentsCard({ communities }: { communities: string[] }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const managed = useManagedResidents();
  const register = useRegisterManaged();
  const [nickname, setNickname] = useState('');
  const [community, setCommunity] = useState(communities[0] ?? '');
  const [open, setOpen] = useState<string | null>(null);
  if (communities.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('managed_title')}</h2>
      <p className="small muted">{t('managed_intro')}</p>
      {managed.isPending && <Loading />}
      {managed.isError && <ErrorMessage error={managed.error} onRetry={() => void managed.refetch()} />}
      {managed.data?.length === 0 && <p className="muted">{t('managed_empty')}</p>}
      {managed.data && managed.data.length > 0 && (
        <ul className="list" aria-label={t('managed_title')}>
          {managed.data.map((m) => (
            <li key={m.id} className="row queue-row">
              <span className="row-main">
                <span className="row-title">{m.nickname}</span>
                <span className="row-sub">
                  {t(`verification_level.${m.verification}`)}
                  {m.skills.length > 0 && ` · ${m.skills.join('、')}`}
                </span>
              </span>
              {m.abilities.actFor && (
                <button
                  type="button"
                  className="button secondary small-button"
                  aria-expanded={open === m.id}
                  onClick={() => setOpen(open === m.id ? null : m.id)}
                >
                  {t('act_for', { name: m.nickname })}
                </button>
              )}
              {open === m.id && <ActForPanel resident={m} />}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('managed_register')}</h3>
      <label className="field-label" htmlFor={`${id}-n`}>
        {t('managed_nickname')}
      </label>
      <input
        id={`${id}-n`}
        className="input"
        maxLength={20}
        value={nickname}
        placeholder={t('managed_nickname_placeholder')}
        onChange={(e) => setNickname(e.target.value)}
      />
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
      {register.isError && <ErrorMessage error={register.error} />}
      {register.isSuccess && <p className="notice ok">{t('managed_registered')}</p>}
      <button
        type="button"
        className="button block-button"
        disabled={!nickname.trim() || !community || register.isPending}
        onClick={() =>
          register.mutate(
            { nickname: nickname.trim(), homeDivision: community },
            { onSuccess: () => setNickname('') },
          )
        }
      >
        {t('managed_register_submit')}
      </button>
    </section>
  );
}

/** What a worker can do for a managed resident: skills and flat, real name given in person. */
function ActForPanel({ resident }: { resident: ManagedResident }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const profile = useActForProfile(resident.id);
  const realName = useActForRealName(resident.id);
  const [skills, setSkills] = useState(resident.skills.join('、'));
  const [unit, setUnit] = useState('');
  const [name, setName] = useState('');
  const [rid, setRid] = useState('');
  const [consent, setConsent] = useState(false);
  return (
    <div className="act-for-panel">
      <p className="notice">{t('act_for_notice', { name: resident.nickname })}</p>
      <label className="field-label" htmlFor={`${id}-s`}>
        {t('managed_skills')}
      </label>
      <input
        id={`${id}-s`}
        className="input"
        value={skills}
        placeholder={t('skills_placeholder')}
        onChange={(e) => setSkills(e.target.value)}
      />
      <label className="field-label" htmlFor={`${id}-u`}>
        {t('unit')}
      </label>
      <input
        id={`${id}-u`}
        className="input"
        maxLength={20}
        value={unit}
        onChange={(e) => setUnit(e.target.value)}
      />
      {profile.isError && <ErrorMessage error={profile.error} />}
      {profile.isSuccess && <p className="notice ok">{t('saved')}</p>}
      <button
        type="button"
        className="button secondary block-button"
        disabled={profile.isPending}
        onClick={() =>
          profile.mutate({
            skills: skills
              .split(/[,，、\s]+/)
              .map((s) => s.trim())
              .filter(Boolean),
            ...(unit.trim() ? { unit: unit.trim() } : {}),
          })
        }
      >
        {t('act_for_save_profile')}
      </button>
      {resident.verification === 'phone' && (
        <>
          <label className="field-label" htmlFor={`${id}-name`}>
            {t('real_name')}
          </label>
          <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} />
          <label className="field-label" htmlFor={`${id}-rid`}>
            {t('resident_id')}
          </label>
          <input
            id={`${id}-rid`}
            className="input mono"
            maxLength={20}
            value={rid}
            onChange={(e) => setRid(e.target.value)}
          />
          <label className="switch-row">
            <span className="small">{t('act_for_consent')}</span>
            <input
              type="checkbox"
              className="switch"
              checked={consent}
              onChange={(e) => setConsent(e.target.checked)}
            />
          </label>
          {realName.isError && <ErrorMessage error={realName.error} />}
          <button
            type="button"
            className="button block-button"
            disabled={!consent || name.trim().length < 2 || rid.trim().length < 15 || realName.isPending}
            onClick={() => realName.mutate({ realName: name, residentId: rid })}
          >
            {t('act_for_real_name')}
          </button>
        </>
      )}
    </div>
  );
}
