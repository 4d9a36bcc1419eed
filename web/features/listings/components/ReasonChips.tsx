import { useTranslation } from 'react-i18next';
import type { MatchReason } from '../../../../common/schemas/listings';
import { reasonLabels, type Translate } from '../lib/reasons';

/** Why a match was chosen, as chips: 同小区 · 评分 4.8 · 水电维修. */
export function ReasonChips({
  reasons,
  categoryName,
}: {
  reasons: MatchReason[];
  categoryName: (key: string) => string;
}) {
  const { t, i18n } = useTranslation('listings');
  const labels = reasonLabels(reasons, t as unknown as Translate, categoryName, i18n.language);
  if (labels.length === 0) return null;
  return (
    <ul className="lx-reasons" aria-label={t('reasons_label')}>
      {labels.map((label) => (
        <li key={label} className="lx-reason">
          {label}
        </li>
      ))}
    </ul>
  );
}
