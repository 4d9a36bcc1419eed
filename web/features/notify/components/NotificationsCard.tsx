import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useMarkAllRead, useNotifications } from '../api/notifications';

/** What happened that concerns me: e.g. a trust-log record naming me, with its receipt. */
export function NotificationsCard() {
  const { t, i18n } = useTranslation('notify');
  const list = useNotifications();
  const markRead = useMarkAllRead();
  const time = (ms: number) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  return (
    <section className="card" aria-labelledby="notify-h">
      <h2 id="notify-h">
        {t('title')}
        {list.data && list.data.unread > 0 && (
          <span className="badge">{t('unread', { count: list.data.unread })}</span>
        )}
      </h2>
      {list.isPending && <Loading />}
      {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.items.length === 0 && <p className="muted">{t('empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <ul className="list">
            {list.data.items.map((n) => {
              const p = n.payload as {
                index: number;
                kind: string;
                exchangeId?: string;
                needId?: string;
                subjectKind?: string;
                subjectId?: string;
                title?: string;
              };
              const isLogEntry = n.kind === 'trustlog.entry';
              // Exchanges, matching needs and reviews open the page they are about.
              const target =
                p?.subjectKind && p.subjectId
                  ? `/reviews/${encodeURIComponent(p.subjectKind)}/${encodeURIComponent(p.subjectId)}`
                  : p?.exchangeId
                    ? `/exchanges/${encodeURIComponent(p.exchangeId)}`
                    : p?.needId
                      ? `/listings/${encodeURIComponent(p.needId)}`
                      : null;
              return (
                <li key={n.id} className={`row ${n.readAt ? '' : 'unread'}`}>
                  <span className="row-main">
                    <span className="row-title">
                      {isLogEntry
                        ? t('log_entry', {
                            kind: t(`kinds.${p.kind}`, { defaultValue: p.kind }),
                            index: p.index,
                          })
                        : t(`other.${n.kind}`, { defaultValue: n.kind, title: p?.title ?? '' })}
                    </span>
                    <span className="row-sub">{time(n.createdAt)}</span>
                  </span>
                  {target && (
                    <Link className="button secondary small-button" to={target}>
                      {t('open')}
                    </Link>
                  )}
                  {isLogEntry && (
                    <a
                      className="button secondary small-button"
                      href={`/api/log/receipt/${p.index}`}
                      download
                    >
                      {t('receipt')}
                    </a>
                  )}
                </li>
              );
            })}
          </ul>
          {list.data.unread > 0 && (
            <button type="button" className="button secondary block-button" onClick={() => markRead.mutate()}>
              {t('mark_all_read')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
