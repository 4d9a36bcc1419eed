import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { ApiError } from '../../../lib/api';
import { useBalance } from '../api/get-balance';
import { useRules } from '../api/get-rules';
import { BalanceCard } from '../components/BalanceCard';
import { DonateCard } from '../components/DonateCard';
import { GiftCard } from '../components/GiftCard';
import { RulesCard } from '../components/RulesCard';
import { StatementCard } from '../components/StatementCard';

/** 爱心积分: balance (with given and received), the rules, the statement, gifts and donations. */
export function PointsPage() {
  const { t } = useTranslation('points');
  const balance = useBalance();
  const rules = useRules();
  const noHome = rules.error instanceof ApiError && rules.error.code === 'points_no_home';
  const isNew = balance.data ? balance.data.given === 0 && balance.data.received === 0 : true;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {balance.isPending && <Loading />}
      {balance.isError && <ErrorMessage error={balance.error} onRetry={() => void balance.refetch()} />}
      {balance.data && <BalanceCard balance={balance.data} />}
      {rules.isError && (
        <>
          <ErrorMessage error={rules.error} onRetry={() => void rules.refetch()} />
          {noHome && (
            <Link className="button block-button" to="/me">
              {t('common:nav.me')}
            </Link>
          )}
        </>
      )}
      {rules.data && <RulesCard rules={rules.data} open={isNew} />}
      {balance.data && <StatementCard />}
      {balance.data && rules.data && <GiftCard balance={balance.data} rules={rules.data.rules} />}
      {balance.data && rules.data && <DonateCard available={balance.data.available} />}
    </>
  );
}
