import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Exchange } from '../../../../common/schemas/exchanges';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useResolve } from '../api/actions';
import { useDisputes } from '../api/get-exchanges';
import { formatWhen } from '../lib/china-time';
import { workerCommunities } from '../lib/roles';

/** Console card for workers: disputed exchanges of their communities, each with a resolve form. */
export function DisputesConsole({
  roles,
  communityName,
}: {
  roles: { role: string; divisionCode: string }[];
  communityName?: (code: string) => React.ReactNode;
}) {
  const { t } = useTranslation('exchanges');
  const id = useId();
  const communities = workerCommunities(roles);
  const [chosen, setChosen] = useState(communities[0] ?? '');
  const disputes = useDisputes(chosen || undefined);
  if (communities.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('disputes_title')}</h2>
      <p className="small muted">{t('disputes_intro')}</p>
      {communities.length > 1 && (
        <label>
          <span className="field-label">{t('disputes_community')}</span>
          <select className="input" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {communities.map((c) => (
              <option key={c} value={c}>
                {communityName ? communityName(c) : c}
              </option>
            ))}
          </select>
        </label>
      )}
      {disputes.isPending && <Loading />}
      {disputes.isError && <ErrorMessage error={disputes.error} onRetry={() => void disputes.refetch()} />}
      {disputes.data?.items.length === 0 && <p className="muted">{t('disputes_empty')}</p>}
      {disputes.data && disputes.data.items.length > 0 && (
        <ul className="list" aria-label={t('disputes_title')}>
          {disputes.data.items.map((x) => (
            <li key={x.id} className="row queue-row">
              <DisputeRow exchange={x} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DisputeRow({ exchange }: { exchange: Exchange }) {
  const { t, i18n } = useTranslation('exchanges');
  const id = useId();
  const resolve = useResolve();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<'pay' | 'pay_by_community' | 'no_pay'>('pay');
  const paying = outcome !== 'no_pay';
  const [minutes, setMinutes] = useState(String(exchange.actualMinutes ?? exchange.plannedMinutes ?? ''));
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const mins =
    /^\d{1,4}$/.test(minutes.trim()) && Number(minutes) >= 1 && Number(minutes) <= 1440
      ? Number(minutes)
      : null;
  const noteOk = note.trim().length >= 1 && note.trim().length <= 500;
  return (
    <>
      <span className="row-main">
        <span className="row-title">{exchange.listingTitle}</span>
        <span className="row-sub">
          {t('dispute_parties', {
            provider: exchange.provider.nickname,
            recipient: exchange.recipient.nickname,
          })}
          {exchange.scheduledAt !== null && ` · ${formatWhen(exchange.scheduledAt, i18n.language)}`}
        </span>
        {exchange.disputeReason && (
          <span className="row-sub ex-text">
            {t('dispute_reason')}：{exchange.disputeReason}
          </span>
        )}
      </span>
      <span className="button-row">
        <Link className="button secondary small-button" to={`/exchanges/${encodeURIComponent(exchange.id)}`}>
          {t('open_exchange')}
        </Link>
        {!open && (
          <button type="button" className="button small-button" onClick={() => setOpen(true)}>
            {t('resolve')}
          </button>
        )}
      </span>
      {open && (
        <form
          className="ex-form ex-resolve"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (!noteOk || (paying && mins === null)) return;
            resolve.mutate({
              id: exchange.id,
              input: {
                outcome,
                note: note.trim(),
                ...(paying && mins !== null ? { minutes: mins } : {}),
              },
            });
          }}
        >
          <fieldset className="ex-radios">
            <legend className="field-label">{t('resolve_outcome')}</legend>
            {(['pay', 'pay_by_community', 'no_pay'] as const).map((o) => (
              <label key={o} className="ex-radio">
                <input
                  type="radio"
                  name={`${id}-o`}
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                />
                {t(`outcome.${o}`)}
              </label>
            ))}
          </fieldset>
          {paying && (
            <>
              <label className="field-label" htmlFor={`${id}-m`}>
                {t('resolve_minutes')}
              </label>
              <input
                id={`${id}-m`}
                className="input"
                inputMode="numeric"
                value={minutes}
                aria-invalid={tried && mins === null ? true : undefined}
                onChange={(e) => setMinutes(e.target.value)}
              />
              {tried && mins === null && (
                <p className="ex-error" role="alert">
                  {t('invalid.minutes')}
                </p>
              )}
            </>
          )}
          <label className="field-label ex-gap" htmlFor={`${id}-n`}>
            {t('resolve_note')}
          </label>
          <textarea
            id={`${id}-n`}
            className="input ex-textarea"
            rows={3}
            maxLength={500}
            value={note}
            aria-invalid={tried && !noteOk ? true : undefined}
            onChange={(e) => setNote(e.target.value)}
          />
          {tried && !noteOk && (
            <p className="ex-error" role="alert">
              {t('invalid.note')}
            </p>
          )}
          {resolve.isError && <ErrorMessage error={resolve.error} />}
          {resolve.isSuccess && (
            <p className="notice ok" role="status">
              {t('resolved_done')}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button" disabled={resolve.isPending || resolve.isSuccess}>
              {t('resolve_submit')}
            </button>
            <button type="button" className="button secondary" onClick={() => setOpen(false)}>
              {t('back')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
