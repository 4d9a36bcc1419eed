import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useRecentEntries } from '../api/get-entries';

/** The newest records, each with its receipt to download. */
export function RecentEntries() {
  const { t, i18n } = useTranslation('trustlog');
  const entries = useRecentEntries();
  const time = (ms: number) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
  return (
    <section aria-labelledby="recent-h">
      <h2 id="recent-h">{t('recent_title')}</h2>
      {entries.isPending && <Loading />}
      {entries.isError && <ErrorMessage error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.data && entries.data.items.length === 0 && <p className="muted">{t('recent_empty')}</p>}
      {entries.data && entries.data.items.length > 0 && (
        <ul className="list">
          {entries.data.items.map((e) => (
            <li key={e.index} className="row">
              <span className="row-main">
                <span className="row-title">{t(`kind.${e.kind}`, { defaultValue: e.kind })}</span>
                <span className="row-sub">
                  #{e.index} · {time(e.createdAt)}
                </span>
              </span>
              <a className="button secondary small-button" href={`/api/log/receipt/${e.index}`} download>
                {t('download_receipt')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
