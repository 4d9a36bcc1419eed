import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Links to the receipts of trust-log entries, so a reader can check each one (相互佐证). */
export function LogLinks({ indexes, total }: { indexes: number[]; total?: number }) {
  const { t } = useTranslation('reviews');
  if (indexes.length === 0) return null;
  const more = (total ?? indexes.length) - indexes.length;
  return (
    <div className="review-receipts">
      <span className="small muted">{t('receipts')}</span>
      {indexes.map((index) => (
        <Link key={index} className="small" to={`/points/receipt/${index}`}>
          {t('receipt_n', { index })}
        </Link>
      ))}
      {more > 0 && <span className="small muted">{t('credit_more', { n: more })}</span>}
    </div>
  );
}
