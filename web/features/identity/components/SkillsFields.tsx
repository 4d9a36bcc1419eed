import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/identity';
import { ErrorMessage } from '../../../components/QueryState';
import { useUpdateProfile } from '../api/privacy';

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const PARTS = ['morning', 'afternoon', 'evening'] as const;

/** What I can share and when I am usually free: a big-button grid, easy to tap. */
export function SkillsFields({ me }: { me: Me }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const update = useUpdateProfile();
  const [skills, setSkills] = useState(me.skills.join('、'));
  const [slots, setSlots] = useState(new Set(me.availability.map((a) => `${a.day}-${a.part}`)));
  const toggle = (key: string) =>
    setSlots((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const list = [
          ...new Set(
            skills
              .split(/[,，、\s]+/)
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ];
        const availability = [...slots].map((k) => {
          const [day, part] = k.split('-') as [string, (typeof PARTS)[number]];
          return { day: Number(day), part };
        });
        update.mutate({ skills: list, availability });
      }}
    >
      <label className="field-label" htmlFor={`${id}-s`}>
        {t('skills')}
      </label>
      <input
        id={`${id}-s`}
        className="input"
        placeholder={t('skills_placeholder')}
        value={skills}
        onChange={(e) => setSkills(e.target.value)}
      />
      <fieldset className="availability">
        <legend className="field-label">{t('availability')}</legend>
        <table>
          <thead>
            <tr>
              <th />
              {PARTS.map((p) => (
                <th key={p} scope="col">
                  {t(`parts.${p}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DAYS.map((d) => (
              <tr key={d}>
                <th scope="row">{t(`days.${d}`)}</th>
                {PARTS.map((p) => (
                  <td key={p}>
                    <input
                      type="checkbox"
                      className="switch"
                      aria-label={`${t(`days.${d}`)} ${t(`parts.${p}`)}`}
                      checked={slots.has(`${d}-${p}`)}
                      onChange={() => toggle(`${d}-${p}`)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      {update.isError && <ErrorMessage error={update.error} />}
      {update.isSuccess && <p className="notice ok">{t('saved')}</p>}
      <button type="submit" className="button secondary block-button" disabled={update.isPending}>
        {t('save_skills')}
      </button>
    </form>
  );
}
