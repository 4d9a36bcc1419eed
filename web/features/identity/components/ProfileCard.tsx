import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/identity';
import { ErrorMessage } from '../../../components/QueryState';
import { useCommunitySearch, useHomeDivision, useUpdateProfile } from '../api/privacy';
import { AvatarField } from './AvatarField';
import { HomePlaceFields } from './HomePlaceFields';
import { SkillsFields } from './SkillsFields';

/** Nickname and home community (chosen from the real division tree). */
export function ProfileCard({ me }: { me: Me }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const [q, setQ] = useState('');
  const [nickname, setNickname] = useState(me.nickname);
  const search = useCommunitySearch(q);
  const update = useUpdateProfile();
  const home = useHomeDivision(me.homeDivision);
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('profile_title')}</h2>
      <AvatarField me={me} />
      <label className="field-label" htmlFor={`${id}-nick`}>
        {t('nickname')}
      </label>
      <div className="inline-form">
        <input
          id={`${id}-nick`}
          className="input"
          maxLength={20}
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
        />
        <button
          type="button"
          className="button secondary"
          disabled={!nickname.trim() || nickname === me.nickname}
          onClick={() => update.mutate({ nickname })}
        >
          {t('save')}
        </button>
      </div>
      <p className="field-label">{t('home_community')}</p>
      <p className={me.homeDivision ? '' : 'muted'}>
        {me.homeDivision ? (
          <>
            <strong>{home.data?.division.shortName}</strong>{' '}
            <span className="muted small">{home.data?.division.pathLabel ?? me.homeDivision}</span>
          </>
        ) : (
          t('home_not_set')
        )}
      </p>
      <label className="field-label" htmlFor={`${id}-q`}>
        {t('home_search')}
      </label>
      <input
        id={`${id}-q`}
        type="search"
        className="input"
        value={q}
        placeholder={t('home_search_placeholder')}
        onChange={(e) => setQ(e.target.value)}
      />
      {search.data && (
        <ul className="list" aria-label={t('home_choices')}>
          {search.data.map((d) => (
            <li key={d.code} className="row">
              <span className="row-main">
                <span className="row-title">{d.shortName}</span>
                <span className="row-sub">{d.pathLabel}</span>
              </span>
              <button
                type="button"
                className="button secondary small-button"
                onClick={() => update.mutate({ homeDivision: d.code }, { onSuccess: () => setQ('') })}
              >
                {t('choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
      <HomePlaceFields key={me.homeDivision ?? 'none'} me={me} />
      <SkillsFields me={me} />
    </section>
  );
}
