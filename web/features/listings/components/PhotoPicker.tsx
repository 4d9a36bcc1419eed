import { useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PHOTO_TYPES, PHOTOS_MAX } from '../lib/form';
import { photoProblem } from '../lib/photos';

/** New photos chosen on this device, shown before sending; existing ones are shown by the caller. */
export function PhotoPicker({
  files,
  existing,
  onChange,
  error,
  onProblem,
}: {
  files: File[];
  existing: number;
  onChange: (files: File[]) => void;
  error?: string;
  onProblem: (problem: string | undefined) => void;
}) {
  const { t } = useTranslation('listings');
  const id = useId();
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );
  const room = PHOTOS_MAX - existing - files.length;
  return (
    <div className={`lx-field${error ? ' lx-field-bad' : ''}`}>
      <span className="field-label" id={`${id}-l`}>
        {t('form.photos')}
      </span>
      {files.length > 0 && (
        <ul className="lx-photo-list" aria-labelledby={`${id}-l`}>
          {files.map((f, i) => (
            <li key={`${f.name}-${f.size}-${f.lastModified}`} className="lx-photo-item">
              <img src={urls[i]} alt={t('form.photo_alt', { n: existing + i + 1 })} />
              <button
                type="button"
                className="button secondary small-button"
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                {t('form.photo_remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {room > 0 && (
        <>
          <label className="button secondary small-button file-button" htmlFor={`${id}-f`}>
            {t('form.photo_add')}
          </label>
          <input
            id={`${id}-f`}
            className="sr-only"
            type="file"
            multiple
            accept={PHOTO_TYPES.join(',')}
            aria-label={t('form.photo_add')}
            onChange={(e) => {
              const chosen = [...(e.target.files ?? [])];
              e.target.value = '';
              const bad = chosen.map(photoProblem).find(Boolean);
              onProblem(bad ? `invalid.${bad}` : undefined);
              const ok = chosen.filter((f) => photoProblem(f) === null).slice(0, room);
              if (ok.length > 0) onChange([...files, ...ok]);
            }}
          />
        </>
      )}
      <p className="small muted lx-hint">{t('form.photos_hint', { max: PHOTOS_MAX })}</p>
      {error && (
        <p className="lx-field-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t(error)}
        </p>
      )}
    </div>
  );
}
