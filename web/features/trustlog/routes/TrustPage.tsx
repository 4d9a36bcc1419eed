import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useLogCheck } from '../api/check-log';
import { CheckpointCard } from '../components/CheckpointCard';
import { ConsistencyNotice } from '../components/ConsistencyNotice';
import { ReceiptVerifier } from '../components/ReceiptVerifier';
import { RecentEntries } from '../components/RecentEntries';

/** 透明: the trust log, checked in this browser without trusting the server. */
export function TrustPage() {
  const { t } = useTranslation('trustlog');
  const check = useLogCheck();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {check.isPending && <Loading />}
      {check.isError && <ErrorMessage error={check.error} onRetry={() => void check.refetch()} />}
      {check.data && (
        <>
          <ConsistencyNotice check={check.data} />
          <CheckpointCard check={check.data} />
        </>
      )}
      <ReceiptVerifier />
      <RecentEntries />
      <a className="button block secondary" href="/api/log/poster" target="_blank" rel="noreferrer">
        {t('print_poster')}
      </a>
    </>
  );
}
