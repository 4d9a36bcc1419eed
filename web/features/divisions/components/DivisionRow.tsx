import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DivisionSummary } from '../../../../common/schemas/divisions';

/** One division in a list: its everyday name large, the official name and place small. */
export function DivisionRow({
  division,
  childCount,
  showPath,
}: {
  division: DivisionSummary;
  childCount?: number;
  showPath?: boolean;
}) {
  const { t } = useTranslation('divisions');
  const official = division.name !== division.shortName ? division.name : null;
  return (
    <li>
      <Link className="row" to={`/divisions/${division.shortCode}`}>
        <span className="row-main">
          <span className="row-title">{division.shortName}</span>
          <span className="row-sub">
            {t(`level.${division.level}`)}
            {official && ` · ${official}`}
            {showPath && division.pathLabel && ` · ${division.pathLabel}`}
          </span>
        </span>
        {childCount !== undefined && childCount > 0 && (
          <span className="row-count">
            <span aria-hidden="true">{childCount}</span>
            <span className="sr-only">{t('child_count', { count: childCount })}</span>
          </span>
        )}
        <span className="row-chevron" aria-hidden="true">
          ›
        </span>
      </Link>
    </li>
  );
}
