import { useTranslation } from 'react-i18next';

/** A form field's label, hint and (when wrong) the message, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  counter,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  counter?: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation('listings');
  const [used = 0, max = Number.POSITIVE_INFINITY] = counter?.split('/').map(Number) ?? [];
  return (
    <div className={`lx-field${error ? ' lx-field-bad' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {counter && <span className={`lx-counter${used > max ? ' over' : ''}`}>{counter}</span>}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="small muted lx-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-err`} className="lx-field-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t(error)}
        </p>
      )}
    </div>
  );
}

/** aria props for the input inside a Field. */
export function fieldAria(id: string, error?: string, hint = false) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return {
    id,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy || undefined,
  };
}
