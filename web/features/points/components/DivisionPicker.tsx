import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Chooses among my divisions when I have more than one grant; shows nothing otherwise. */
export function DivisionPicker({
  divisions,
  value,
  onChange,
  label,
}: {
  divisions: { code: string; name: string }[];
  value: string;
  onChange: (code: string) => void;
  label?: string;
}) {
  const { t } = useTranslation('points');
  const id = useId();
  if (divisions.length < 2) return null;
  return (
    <>
      <label className="field-label" htmlFor={id}>
        {label ?? t('console.division')}
      </label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        {divisions.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </select>
    </>
  );
}
