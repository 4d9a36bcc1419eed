import '../lib/setup';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useExchange } from '../api/get-exchanges';
import { ActionsPanel } from '../components/ActionsPanel';
import { MessageThread } from '../components/MessageThread';
import { PeopleCard } from '../components/PeopleCard';
import { StatusHeader } from '../components/StatusHeader';
import { Timeline } from '../components/Timeline';

/**
 * One exchange: status, what I can do now, the people and contact, the timeline and messages.
 * `afterActions` is where the app composes what other features add (the review prompt).
 */
export function ExchangePage({ afterActions }: { afterActions?: (exchangeId: string) => ReactNode }) {
  const { t } = useTranslation('exchanges');
  const id = useParams().id ?? '';
  const exchange = useExchange(id);
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/exchanges">
          ‹ {t('mine_title')}
        </Link>
      </nav>
      {exchange.isPending && <Loading />}
      {exchange.isError && <ErrorMessage error={exchange.error} onRetry={() => void exchange.refetch()} />}
      {exchange.data && (
        <>
          <StatusHeader exchange={exchange.data} />
          <ActionsPanel exchange={exchange.data} />
          {exchange.data.abilities.review && afterActions?.(exchange.data.id)}
          <PeopleCard exchange={exchange.data} />
          <MessageThread exchange={exchange.data} />
          <Timeline exchange={exchange.data} />
        </>
      )}
    </>
  );
}
