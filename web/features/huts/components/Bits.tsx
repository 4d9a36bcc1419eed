import { useTranslation } from 'react-i18next';
import type { Hours, Item } from '../../../../common/schemas/huts';
import { HUT_CATEGORIES } from '../lib/categories';
import { availabilityWording, dayRuns, formatDay, groupHours, type Wording, withDay } from '../lib/wording';

/** A category's name, or its key when the strings do not know it. */
export function useCategoryName() {
  const { t } = useTranslation('huts');
  return (key: string) => ((HUT_CATEGORIES as readonly string[]).includes(key) ? t(`category.${key}`) : key);
}

/** Weekly hours in plain words: 周二至周五 09:00–12:00、14:30–17:30 · 周一 休息. */
export function HoursText({ hours }: { hours: Hours }) {
  const { t } = useTranslation('huts');
  const groups = groupHours(hours);
  const days = (list: number[]) =>
    dayRuns(list)
      .map(([a, b]) =>
        a === b ? t(`weekday.${a}`) : t('day_range', { from: t(`weekday.${a}`), to: t(`weekday.${b}`) }),
      )
      .join(t('list_sep'));
  return (
    <ul className="hut-hours">
      {groups
        .filter((g) => g.periods.length > 0)
        .map((g) => (
          <li key={g.days.join()}>
            <span className="hut-hours-days">{days(g.days)}</span>{' '}
            <span>{g.periods.join(t('list_sep'))}</span>
          </li>
        ))}
      {groups
        .filter((g) => g.periods.length === 0)
        .map((g) => (
          <li key="closed" className="hut-closed-days">
            <span className="hut-hours-days">{days(g.days)}</span> <span>{t('closed_day')}</span>
          </li>
        ))}
    </ul>
  );
}

/** Free copies or the queue, in words and colour. */
export function Availability({
  item,
  big,
}: {
  item: { available: number; total: number; waiting?: number; consumable?: boolean };
  big?: boolean;
}) {
  const { t } = useTranslation('huts');
  const w = availabilityWording(item);
  return (
    <span className={`hut-avail hut-avail-${w.tone}${big ? ' hut-avail-big' : ''}`}>
      <span aria-hidden="true">{w.tone === 'free' ? '●' : w.tone === 'queue' ? '◐' : '○'} </span>
      {t(w.key, w.values)}
    </span>
  );
}

/** Handling flags and deposit, said in words (需消毒 / 需安全检查 / 押金). */
export function ItemFlags({
  item,
}: {
  item: Pick<Item, 'sanitiseAfterReturn' | 'safetyCheck' | 'depositPoints'>;
}) {
  const { t } = useTranslation('huts');
  return (
    <>
      {item.sanitiseAfterReturn && <span className="hut-flag hut-flag-med">{t('flag.sanitise')}</span>}
      {item.safetyCheck && <span className="hut-flag hut-flag-safety">{t('flag.safety')}</span>}
      {item.depositPoints !== null && item.depositPoints > 0 && (
        <span className="hut-flag">{t('flag.deposit', { points: item.depositPoints })}</span>
      )}
    </>
  );
}

/** A thumbnail, or a plain tile with the category's first character when there is no photo. */
export function Thumb({
  url,
  title,
  size = 'm',
}: {
  url: string | null;
  title: string;
  size?: 's' | 'm' | 'l';
}) {
  const { t } = useTranslation('huts');
  return url ? (
    <img className={`hut-thumb hut-thumb-${size}`} src={url} alt={t('photo_of', { title })} loading="lazy" />
  ) : (
    <span className={`hut-thumb hut-thumb-${size} hut-thumb-none`} aria-hidden="true">
      {title.slice(0, 1)}
    </span>
  );
}

/** Says a wording (due date, pickup day…) with its date for people. */
export function useSay() {
  const { t, i18n } = useTranslation('huts');
  return (w: Wording) => {
    const d = withDay(w, i18n.language);
    return t(d.key, d.values);
  };
}

/** A hut-local date for people in the current language. */
export function useDay() {
  const { i18n } = useTranslation('huts');
  return (date: string) => formatDay(date, i18n.language);
}
