import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONDITIONS, type Condition } from '../lib/limits';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const PHOTO_MAX = 3 * 1024 * 1024;

/** Confirm an item's condition at a handover or return: condition, an optional note and photo. */
export function ConditionForm({
  title,
  submit,
  pending,
  onSubmit,
}: {
  title: string;
  submit: string;
  pending: boolean;
  onSubmit: (input: { condition: Condition; note: string; photo?: File }) => void;
}) {
  const { t } = useTranslation('huts');
  const id = useId();
  const [condition, setCondition] = useState<Condition>('good');
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <form
      className="hut-condition-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (condition === 'damaged' && !note.trim()) {
          setProblem(t('invalid.damage_note'));
          return;
        }
        onSubmit({ condition, note, ...(photo ? { photo } : {}) });
      }}
    >
      <fieldset className="hut-radios">
        <legend className="field-label">{title}</legend>
        {CONDITIONS.map((c) => (
          <label key={c} className="hut-radio">
            <input
              type="radio"
              name={`${id}-c`}
              value={c}
              checked={condition === c}
              onChange={() => setCondition(c)}
            />
            {t(`condition.${c}`)}
          </label>
        ))}
      </fieldset>
      <label className="field-label" htmlFor={`${id}-n`}>
        {condition === 'damaged' ? t('note_damage') : t('note_optional')}
      </label>
      <textarea
        id={`${id}-n`}
        className="input"
        rows={2}
        maxLength={300}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <label className="button secondary small-button file-button hut-gap" htmlFor={`${id}-p`}>
        {photo ? t('photo_chosen', { name: photo.name }) : t('photo_add')}
      </label>
      <input
        id={`${id}-p`}
        className="sr-only"
        type="file"
        accept={PHOTO_TYPES.join(',')}
        capture="environment"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          if (!PHOTO_TYPES.includes(file.type) || file.size > PHOTO_MAX) {
            setProblem(t('invalid.photo'));
            return;
          }
          setProblem(undefined);
          setPhoto(file);
        }}
      />
      {problem && (
        <p className="hut-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button block-button" disabled={pending}>
        {submit}
      </button>
    </form>
  );
}
