import { useTranslation } from 'react-i18next';
import { type AvailabilitySlot, DAY_PARTS } from '../../../../common/schemas/listings';
import {
  groupByDay,
  keysFromSlots,
  slotsFromKeys,
  toggleDay,
  toggleSlot,
  WEEK_ORDER,
} from '../lib/availability';

/** Week × part of day: big toggle cells; tapping a day's name fills or clears the whole day. */
export function AvailabilityGrid({
  value,
  onChange,
  legend,
}: {
  value: AvailabilitySlot[];
  onChange: (slots: AvailabilitySlot[]) => void;
  legend: string;
}) {
  const { t } = useTranslation('listings');
  const keys = keysFromSlots(value);
  return (
    <fieldset className="lx-grid">
      <legend className="field-label">{legend}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">{t('days_label')}</span>
            </th>
            {DAY_PARTS.map((p) => (
              <th key={p} scope="col">
                {t(`parts.${p}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEK_ORDER.map((day) => (
            <tr key={day}>
              <th scope="row">
                <button
                  type="button"
                  className="lx-grid-day"
                  aria-label={t('whole_day', { day: t(`days.${day}`) })}
                  onClick={() => onChange(slotsFromKeys(toggleDay(keys, day)))}
                >
                  {t(`days.${day}`)}
                </button>
              </th>
              {DAY_PARTS.map((part) => (
                <td key={part}>
                  <button
                    type="button"
                    className="lx-grid-cell"
                    aria-pressed={keys.has(`${day}-${part}`)}
                    aria-label={`${t(`days.${day}`)} ${t(`parts.${part}`)}`}
                    onClick={() => onChange(slotsFromKeys(toggleSlot(keys, { day, part })))}
                  >
                    <span aria-hidden="true">{keys.has(`${day}-${part}`) ? '✓' : ''}</span>
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

/** The windows in words: 周一 上午、晚上；周六 全天. */
export function AvailabilityText({ slots }: { slots: AvailabilitySlot[] }) {
  const { t } = useTranslation('listings');
  const days = groupByDay(slots);
  if (days.length === 0) return <>{t('availability_any')}</>;
  return (
    <>
      {days
        .map(
          (d) =>
            `${t(`days.${d.day}`)} ${d.whole ? t('parts.whole') : d.parts.map((p) => t(`parts.${p}`)).join(t('list_sep'))}`,
        )
        .join(t('group_sep'))}
    </>
  );
}
