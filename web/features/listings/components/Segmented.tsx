/** A row of big toggle buttons, one pressed: tabs of the feed, the near filter, the kind. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="lx-seg" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          className="lx-seg-item"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
