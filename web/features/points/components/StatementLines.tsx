import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StatementLine } from '../../../../common/schemas/points';
import { formatDateTime, formatPoints, formatSigned } from '../lib/format';

/** Statement lines: type, other side, signed amount, running balance, date and a receipt link. */
export function StatementLines({ lines, label }: { lines: StatementLine[]; label: string }) {
  const { t, i18n } = useTranslation('points');
  const lang = i18n.language;
  return (
    <ul className="list points-lines" aria-label={label}>
      {lines.map((line) => (
        <li key={line.transferId} className="row points-line">
          <span className="row-main">
            <span className="row-title">
              {t(`points_types:${line.type}`, { defaultValue: line.type })}
              {line.reversed && <span className="tag">{t('reversed')}</span>}
            </span>
            <span className="row-sub">{line.counterparty}</span>
            {line.memo && <span className="row-sub">{line.memo}</span>}
            <span className="row-sub">
              {formatDateTime(line.createdAt, lang)} ·{' '}
              <Link
                to={`/points/receipt/${line.logIndex}?transfer=${line.transferId}`}
                aria-label={t('receipt_link_label', { index: line.logIndex })}
                className="points-receipt-link"
              >
                {t('receipt_link')} #{line.logIndex}
              </Link>
            </span>
          </span>
          <span className="points-amounts">
            <span className={line.amount >= 0 ? 'points-amount in' : 'points-amount out'}>
              {formatSigned(line.amount, lang)}
            </span>
            <span className="row-sub">
              {t('balance_after', { balance: formatPoints(line.balanceAfter, lang) })}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
