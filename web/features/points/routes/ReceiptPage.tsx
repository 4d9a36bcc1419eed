import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useReceipt } from '../api/get-receipt';

/** The trust-log receipt of one statement line, to download and check on the Trust page. */
export function ReceiptPage() {
  const { t } = useTranslation('points');
  const index = useParams().logIndex ?? '';
  const [search] = useSearchParams();
  const transfer = search.get('transfer');
  const receipt = useReceipt(index);
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/points">
          ‹ {t('monthly_back')}
        </Link>
      </nav>
      <h1>{t('receipt_title', { index })}</h1>
      <p className="lead">{t('receipt_intro')}</p>
      {transfer && (
        <dl className="facts">
          <div>
            <dt>{t('console.reverse_id')}</dt>
            <dd className="mono break-all">{transfer}</dd>
          </div>
        </dl>
      )}
      {receipt.isPending && <Loading />}
      {receipt.isError && <ErrorMessage error={receipt.error} onRetry={() => void receipt.refetch()} />}
      {receipt.data && (
        <>
          <pre className="evidence">{receipt.data}</pre>
          <a
            className="button block-button"
            href={`/api/log/receipt/${encodeURIComponent(index)}`}
            download={`linli-receipt-${index}.tlog-proof`}
          >
            {t('receipt_download')}
          </a>
          <p className="small muted">{t('receipt_verify_hint')}</p>
          <Link className="button secondary block-button" to="/trust">
            {t('receipt_verify')}
          </Link>
        </>
      )}
    </>
  );
}
